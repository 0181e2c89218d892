import { GENESIS_HASH } from '../audit';
import {
  type ExportContext,
  canonicalColumnCount,
  canonicalColumns,
  metadataRows,
  readableCells,
  splitCanonical,
} from './audit-export-layout';
import { CELL_MAX_CHARS } from '../../core/documents/spreadsheet-cell';
import { ZonedTimeFormat } from './zoned-time-format';

describe('Audit export layout', () => {
  describe('canonical text in spreadsheet cells', () => {
    it('keeps a short canonical in one cell', () => {
      expect(splitCanonical('{"seq":1}')).toEqual(['{"seq":1}']);
    });

    it('continues a long canonical over cells of at most 32,767 characters, never splitting a surrogate pair', () => {
      const text = `${'a'.repeat(CELL_MAX_CHARS - 1)}𠀀${'审'.repeat(40_000)}`;
      const pieces = splitCanonical(text);
      expect(pieces.join('')).toBe(text);
      expect(pieces.every((p) => p.length <= CELL_MAX_CHARS)).toBe(true);
      expect(pieces[0]?.length).toBe(CELL_MAX_CHARS - 1);
      expect(pieces.length).toBeLessThanOrEqual(canonicalColumnCount(text.length, Buffer.byteLength(text)));
    });

    it('names the columns canonical, canonical_2, canonical_3 …', () => {
      expect(canonicalColumns(3)).toEqual(['canonical', 'canonical_2', 'canonical_3']);
      expect(canonicalColumns(0)).toEqual(['canonical']);
    });

    it.each([
      [0, 0, 1],
      [32_766, 32_766, 1],
      [40_000, 40_000, 2],
      [40_000, 120_000, 3],
    ])('needs enough columns for %i characters in %i bytes', (chars, bytes, columns) => {
      expect(canonicalColumnCount(chars, bytes)).toBe(columns);
    });
  });

  it('derives the readable cells from the hashed event, names from the lookup', () => {
    const canonical = JSON.stringify({
      action: '=cmd',
      actorId: null,
      actorRole: 'admin',
      after: { name: '经济发展局' },
      at: '2026-11-27T07:04:05.123Z',
      before: null,
      departmentId: null,
      entityId: 'e1',
      entityType: 'department',
      ip: '127.0.0.1',
      requestId: '-r',
      seq: 3,
      sha256: null,
    });
    const cells = readableCells(
      { seq: 3, prevHash: GENESIS_HASH, hash: GENESIS_HASH, canonical, actorName: '@管理员', departmentName: null },
      new ZonedTimeFormat('Asia/Shanghai'),
    );
    expect(cells).toEqual([
      '2026-11-27T15:04:05.123+08:00',
      "'@管理员",
      'admin',
      '',
      "'=cmd",
      'department',
      'e1',
      '',
      '{"name":"经济发展局"}',
      "'-r",
      '127.0.0.1',
      '',
    ]);
  });

  it('puts the checkpoint in the metadata of unfiltered exports only', () => {
    const context: ExportContext = {
      exportedAt: new Date('2026-11-27T08:00:00Z'),
      exportedBy: 'auditor',
      timeZone: 'Asia/Shanghai',
      filter: {},
      unfiltered: true,
      head: { seq: 5, hash: 'a'.repeat(64) },
      checkpoint: { seq: 4, headHash: 'b'.repeat(64), count: 4, at: 'x', keyId: 'k', payload: '{}', signature: '+s' },
    };
    const rows = metadataRows(context, 5);
    expect(rows).toContainEqual(['#meta', 'rows', '5']);
    expect(rows).toContainEqual(['#checkpoint', 'signature', '+s']);
    const filtered = metadataRows({ ...context, filter: { entityType: '=x' }, unfiltered: false }, 2);
    expect(filtered).toContainEqual(['#meta', 'filter.entityType', "'=x"]);
    expect(filtered.some(([section]) => section === '#checkpoint')).toBe(false);
  });
});
