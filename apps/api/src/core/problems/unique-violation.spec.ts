import { QueryFailedError } from 'typeorm';
import { uniqueViolationProblem } from './unique-violation';

const pgError = (code: string, constraint?: string) =>
  new QueryFailedError('INSERT INTO x', [], Object.assign(new Error('duplicate key'), { code, constraint }));

describe('Unique violations as problems', () => {
  it('answers a mapped key like the sequential duplicate: 422 with the field and its code', () => {
    expect(uniqueViolationProblem(pgError('23505', 'uq_department_code'))?.toProblem()).toMatchObject({
      status: 422,
      errors: [{ field: 'code', code: 'taken' }],
    });
  });

  it('answers a key without a mapping 409, never 500', () => {
    expect(uniqueViolationProblem(pgError('23505', 'uq_something_new'))?.toProblem()).toMatchObject({
      status: 409,
      type: 'urn:zibo:problem:conflict',
    });
  });

  it('leaves other database errors alone', () => {
    expect(uniqueViolationProblem(pgError('23503', 'fk_task_lead_department'))).toBeNull();
    expect(uniqueViolationProblem(new Error('boom'))).toBeNull();
  });
});
