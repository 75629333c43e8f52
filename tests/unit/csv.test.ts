import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsv } from '../../shared/csv';

describe('csv', () => {
  it('reads quotes, escaped quotes, commas and line ends inside quotes, CRLF and a BOM', () => {
    const recs = parseCsv('\uFEFFname,price\r\n"Mug, large",9\r\n"say ""hi""",1\r\n"two\r\nlines",2\n\nlast,3');
    expect(recs.map((r) => r.fields)).toEqual([
      ['name', 'price'],
      ['Mug, large', '9'],
      ['say "hi"', '1'],
      ['two\r\nlines', '2'],
      ['last', '3'],
    ]);
    expect(recs.map((r) => r.row)).toEqual([1, 2, 3, 4, 6]);
  });

  it('keeps empty fields and an empty last field', () => {
    expect(parseCsv('a,,c,\n').map((r) => r.fields)).toEqual([['a', '', 'c', '']]);
  });

  it('reports an unterminated quote with its row', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvError);
    try {
      parseCsv('a,b\n"open,1\n');
    } catch (e) {
      expect((e as CsvError).row).toBe(2);
    }
  });

  it('round-trips through toCsv', () => {
    const rows = [['a', 'b,c'], ['"q"', 'x\ny']];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});
