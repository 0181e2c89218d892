import { parseInput } from '../validation/parse-input';
import { checkFinalReport, checkPercentChange, checkSubmittable } from './progress-rules';
import {
  createContributionSchema,
  createReportSchema,
  updateContributionSchema,
  updateReportSchema,
} from './progress.schemas';

describe('A draft may be saved without its percent; submitting needs one', () => {
  it('a new report or contribution draft is accepted without a percent, or with the percent cleared', () => {
    expect(parseInput(createReportSchema, { period: '2026-11', summary: '' }).ok).toBe(true);
    expect(parseInput(createReportSchema, { period: '2026-11', percentComplete: null }).ok).toBe(true);
    expect(parseInput(createContributionSchema, { period: '2026-11' }).ok).toBe(true);
    expect(parseInput(updateReportSchema, { percentComplete: null }).ok).toBe(true);
    expect(parseInput(updateContributionSchema, { percentComplete: null }).ok).toBe(true);
  });

  it('a percent given while drafting is still checked: a whole number from 0 to 100', () => {
    const fields = (percentComplete: unknown) => {
      const result = parseInput(createReportSchema, { period: '2026-11', percentComplete });
      return result.ok ? [] : result.errors.map((e) => e.field);
    };
    expect(fields(101)).toEqual(['percentComplete']);
    expect(fields(12.5)).toEqual(['percentComplete']);
    expect(fields('50')).toEqual(['percentComplete']);
    expect(fields(0)).toEqual([]);
  });

  it('submitting asks for the percent (422 code required), like the summary', () => {
    expect(checkSubmittable({ percentComplete: null, summary: '本月完成' })).toEqual([
      expect.objectContaining({ field: 'percentComplete', code: 'required' }),
    ]);
    expect(checkSubmittable({ percentComplete: null, summary: ' ' }).map((e) => e.field)).toEqual([
      'percentComplete',
      'summary',
    ]);
    expect(checkSubmittable({ percentComplete: 0, summary: '本月完成' })).toEqual([]);
  });

  it('a draft without a percent neither falls nor breaks the final rule until it has one', () => {
    expect(checkPercentChange(40, null, undefined)).toEqual([]);
    expect(checkFinalReport(true, null)).toEqual([]);
    expect(checkFinalReport(true, 90)).toEqual([expect.objectContaining({ field: 'final', code: 'not_complete' })]);
  });
});
