import { describe, expect, it } from 'vitest';
import { readProductsCsv } from '../../main/library/import-products';
import { decodeImportBytes } from '../../shared/import';

describe('products CSV', () => {
  it('maps zh-CN headers, splits selling points on | and ；, and gives rows without id a stable id', () => {
    const r = readProductsCsv('名称,价格,原价,卖点,库存,链接,标签\n保温杯,99,129,保温12小时|316不锈钢；轻,100,https://x.test/1,杯子|爆款\n', 'CNY');
    expect(r.errors).toEqual([]);
    expect(r.products).toHaveLength(1);
    expect(r.products[0]).toMatchObject({
      name: '保温杯',
      price: 99,
      originalPrice: 129,
      currency: 'CNY',
      sellingPoints: ['保温12小时', '316不锈钢', '轻'],
      stock: 100,
      link: 'https://x.test/1',
      tags: ['杯子', '爆款'],
      row: 2,
    });
    expect(readProductsCsv('名称,价格\n保温杯,99\n', 'CNY').products[0]?.id).toBe(r.products[0]?.id);
  });

  it('maps en-US headers', () => {
    const r = readProductsCsv('id,name,price,original_price,selling_points,stock\nmug-1,Mug,9.5,,Hot|Steel,\n', 'USD');
    expect(r.errors).toEqual([]);
    expect(r.products[0]).toMatchObject({ id: 'mug-1', price: 9.5, originalPrice: null, stock: null, sellingPoints: ['Hot', 'Steel'] });
  });

  it('reports a missing required column', () => {
    const r = readProductsCsv('名称,库存\n杯子,1\n', 'CNY');
    expect(r.errors).toEqual([
      { row: 1, column: 'price', code: 'missing-column', params: { row: 1, column: 'price', alt: '价格' }, message: expect.stringContaining('missing required column') },
    ]);
  });

  it('reports bad numbers, negative prices, fractional stock, empty names and duplicate ids by row and column', () => {
    const r = readProductsCsv('id,名称,价格,库存\na,杯子,abc,1\nb,碗,-1,1\nc,盘,1,1.5\nd,,1,1\na,勺,1,1\n', 'CNY');
    expect(r.products).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '价格'],
      [3, '价格'],
      [4, '库存'],
      [5, '名称'],
      [6, 'id'],
    ]);
    expect(r.errors[0]?.message).toContain('not a number');
    expect(r.errors[1]?.message).toContain('negative');
    expect(r.errors[4]?.message).toContain('duplicate of row 2');
    // Each error names its cell as Excel does, and has a stable code with params for the studio's languages.
    expect(r.errors.map((e) => [e.cell, e.code])).toEqual([
      ['C2', 'not-a-number'],
      ['C3', 'negative'],
      ['D4', 'not-whole'],
      ['B5', 'empty-cell'],
      ['A6', 'duplicate-row'],
    ]);
    expect(r.errors[0]?.params).toMatchObject({ row: 2, column: '价格', value: 'abc' });
  });

  it('decodes GBK bytes when they are not UTF-8', () => {
    // "名称,价格\n杯子,10\n" in GBK
    const gbk = new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbc, 0xdb, 0xb8, 0xf1, 0x0a, 0xb1, 0xad, 0xd7, 0xd3, 0x2c, 0x31, 0x30, 0x0a]);
    const d = decodeImportBytes(gbk);
    expect(d.encoding).toBe('gbk');
    expect(d.text).toBe('名称,价格\n杯子,10\n');
    expect(decodeImportBytes(new TextEncoder().encode('名称')).encoding).toBe('utf-8');
  });
});
