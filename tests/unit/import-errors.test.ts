import { describe, expect, it } from 'vitest';
import { storeEn, storeZh } from '../../renderer/i18n/sections/store';
import { IMPORT_ERROR_CODES, importErrorMessage, importProblem } from '../../shared/import';

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('import errors in the studio’s languages', () => {
  it('has a zh-CN and an en-US sentence for every error code, with the same placeholders', () => {
    expect(Object.keys(storeZh.importErrors).sort()).toEqual([...IMPORT_ERROR_CODES].sort());
    expect(Object.keys(storeEn.importErrors).sort()).toEqual([...IMPORT_ERROR_CODES].sort());
    for (const code of IMPORT_ERROR_CODES) {
      expect(placeholders(storeEn.importErrors[code]), code).toEqual(placeholders(storeZh.importErrors[code]));
    }
  });

  it('keeps the English message for the CLI, made from the same code and params', () => {
    const p = importProblem('not-a-number', { row: 3, column: '价格', cell: 'C3' }, { value: 'abc' });
    expect(p).toEqual({ row: 3, column: '价格', cell: 'C3', code: 'not-a-number', params: { row: 3, column: '价格', value: 'abc' }, message: '"abc" is not a number' });
    expect(importErrorMessage('missing-column', { column: 'price', alt: '价格' })).toBe('missing required column "price" (or "价格")');
  });
});

describe('spreadsheet helpers', () => {
  it('names columns as Excel does and round-trips bytes through base64', async () => {
    const { base64ToBytes, bytesToBase64, columnLetter } = await import('../../shared/import');
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});
