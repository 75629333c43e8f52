import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProductsTable } from '../../main/library/import-products';
import { readScriptsTable } from '../../main/library/import-scripts';
import { pickProductsSheet, readXlsxSheets } from '../../main/library/import-xlsx';
import { productRows, productsXlsx } from '../../main/library/export-products';
import type { Product, Script } from '../../shared/domain';

/** Writes a workbook into the temp dir and reads it back the way an import does (from the file's bytes). */
let dir: string;
async function xlsx(name: string, sheets: Array<{ sheet: string; data: SheetData }>): Promise<Buffer> {
  const file = join(dir, name);
  await writeXlsxFile(sheets).toFile(file);
  return readFile(file);
}

async function readSheets(bytes: Buffer) {
  const read = await readXlsxSheets(bytes);
  if ('error' in read) throw new Error(read.error.message);
  return read.sheets;
}

async function products(bytes: Buffer) {
  const read = await readXlsxSheets(bytes);
  if ('error' in read) return { products: [], errors: [read.error], ignored: [] };
  const sheet = pickProductsSheet(read.sheets);
  return readProductsTable(sheet.records, 'CNY', { sheet: sheet.name });
}

describe('products from an .xlsx file', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads numbers typed as numbers or text, skips blank rows, and keeps the row numbers Excel shows', async () => {
    const bytes = await xlsx('good.xlsx', [
      {
        sheet: '商品',
        data: [
          ['名称', '价格', '原价', '卖点', '库存', '标签'],
          ['保温杯', 99, 129, '保温12小时|316不锈钢', 100, '杯子'],
          [null, null, null, null, null, null],
          ['碗', '¥19.9', null, null, '5', null],
        ],
      },
    ]);
    const r = await products(bytes);
    expect(r.errors).toEqual([]);
    expect(r.products.map((p) => [p.row, p.name, p.price, p.originalPrice, p.stock, p.sellingPoints])).toEqual([
      [2, '保温杯', 99, 129, 100, ['保温12小时', '316不锈钢']],
      [4, '碗', 19.9, null, 5, []],
    ]);
  });

  it('reports a missing required column against the header row, with the sheet', async () => {
    const r = await products(await xlsx('missing.xlsx', [{ sheet: 'Products', data: [['name', 'stock'], ['Mug', 1]] }]));
    expect(r.products).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 1, column: 'price', code: 'missing-column', sheet: 'Products' })]);
  });

  it('reports bad numbers by Excel row, header name and cell letter; nothing of a bad row is kept', async () => {
    const r = await products(
      await xlsx('bad.xlsx', [
        {
          sheet: 'Products',
          data: [
            ['id', 'name', 'price', 'stock'],
            ['a', 'Mug', 9, 1],
            ['b', 'Bowl', 'nine', 1],
            ['c', 'Plate', -3, 1],
            ['d', 'Spoon', 1, 1.5],
            ['e', null, 1, 1],
          ],
        },
      ]),
    );
    expect(r.products.map((p) => p.id)).toEqual(['a']);
    expect(r.errors.map((e) => [e.row, e.column, e.cell, e.code])).toEqual([
      [3, 'price', 'C3', 'not-a-number'],
      [4, 'price', 'C4', 'negative'],
      [5, 'stock', 'D5', 'not-whole'],
      [6, 'name', 'B6', 'empty-cell'],
    ]);
    expect(r.errors[0]?.message).toBe('"nine" is not a number');
    expect(r.errors[0]?.params).toMatchObject({ value: 'nine', column: 'price', row: 3 });
  });

  it('says an empty sheet is empty, and a sheet with only a header has no rows', async () => {
    const empty = await products(await xlsx('empty.xlsx', [{ sheet: 'Sheet1', data: [] }]));
    expect(empty.errors).toEqual([expect.objectContaining({ code: 'empty-sheet', params: expect.objectContaining({ sheet: 'Sheet1' }) })]);
    const headerOnly = await products(await xlsx('header.xlsx', [{ sheet: 'Sheet1', data: [['name', 'price']] }]));
    expect(headerOnly.errors).toEqual([expect.objectContaining({ row: 2, code: 'no-rows' })]);
  });

  it('gives one clear error for a file that is not a spreadsheet (a CSV renamed .xlsx, an old .xls, garbage)', async () => {
    const csvRenamed = join(dir, 'renamed.xlsx');
    await writeFile(csvRenamed, '名称,价格\n杯子,10\n');
    const r = await readXlsxSheets(await readFile(csvRenamed));
    expect(r).toEqual({ error: expect.objectContaining({ row: 0, code: 'not-xlsx', message: expect.stringContaining('not an Excel .xlsx file') }) });
    // An OLE2 compound file (.xls) starts with D0 CF 11 E0.
    const xls = await readXlsxSheets(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));
    expect('error' in xls && ['xls-not-supported', 'not-xlsx'].includes(xls.error.code)).toBe(true);
    // A zip that is not a workbook.
    const zip = await readXlsxSheets(Buffer.from('PK\u0003\u0004 broken zip'));
    expect('error' in zip && zip.error.code).toBe('not-xlsx');
  });

  it('prefers a sheet named 商品/Products over the first sheet', async () => {
    const r = await products(
      await xlsx('two.xlsx', [
        { sheet: 'Notes', data: [['just notes']] },
        { sheet: 'Products', data: [['name', 'price'], ['Mug', 3]] },
      ]),
    );
    expect(r.errors).toEqual([]);
    expect(r.products.map((p) => p.name)).toEqual(['Mug']);
  });

  it('reads back what the products export writes, in both header languages', async () => {
    const list: Product[] = [
      { id: 'mug', name: 'Mug, large', price: 9.5, originalPrice: 12, currency: 'USD', sellingPoints: ['Hot', 'Steel'], stock: 3, link: 'https://x.test/m', image: null, tags: ['cup'], offerEndsAt: '2026-12-01T20:00:00+08:00' },
      { id: 'bowl', name: '碗', price: 0, originalPrice: null, currency: 'CNY', sellingPoints: [], stock: null, link: null, image: null, tags: [] },
    ];
    const scripts: Script[] = [
      { id: 'hello', title: '开场', kind: 'welcome', productId: null, body: '欢迎来到直播间', tags: ['早场'], emotion: 'excited' },
      { id: 'mug-talk', title: 'Mug', kind: 'sales', productId: 'mug', body: 'Only {{product.price}} today', tags: [] },
    ];
    for (const locale of ['zh-CN', 'en-US'] as const) {
      expect(productRows(list, locale)[0]?.length).toBe(11);
      const bytes = await productsXlsx(list, locale, scripts);
      const r = await products(bytes);
      expect(r.errors).toEqual([]);
      expect(r.products.map(({ row: _row, ...p }) => p)).toEqual(list);
      // The offer end survives the trip (toEqual alone would accept it missing).
      expect(r.products[0]?.offerEndsAt).toBe('2026-12-01T20:00:00+08:00');
      const sheet = (await readSheets(bytes)).find((x) => x.name === (locale === 'zh-CN' ? '话术' : 'Scripts'));
      const back = await readScriptsTable(sheet?.records ?? [], sheet?.name ?? '', (id) => id === 'mug');
      expect(back.errors).toEqual([]);
      expect(back.scripts.map(({ row: _row, ...sc }) => sc)).toEqual(scripts);
      expect(back.scripts[0]?.emotion).toBe('excited');
    }
  });

  it('reads a scripts sheet: kinds in either language, products from the file, errors by row and cell on that sheet', async () => {
    const r = await readScriptsTable(
      (
        await readSheets(
          await xlsx('scripts.xlsx', [
            {
              sheet: '话术',
              data: [
                ['标题', '类型', '商品编号', '正文'],
                ['开场', '欢迎', null, '欢迎来到直播间'],
                ['杯子讲解', 'sales', 'mug', '这款杯子{{product.price}}元'],
                ['坏类型', '跳舞', null, '文字'],
                ['没有商品', null, 'gone', '文字'],
                ['空正文', null, null, null],
              ],
            },
          ]),
        )
      )[0]?.records ?? [],
      '话术',
      (id) => id === 'mug',
    );
    expect(r.scripts.map((s) => [s.row, s.title, s.kind, s.productId])).toEqual([
      [2, '开场', 'welcome', null],
      [3, '杯子讲解', 'sales', 'mug'],
    ]);
    expect(r.errors.map((e) => [e.row, e.column, e.cell, e.code, e.sheet])).toEqual([
      [4, '类型', 'B4', 'not-allowed', '话术'],
      [5, '商品编号', 'C5', 'unknown-product', '话术'],
      [6, '正文', 'D6', 'empty-cell', '话术'],
    ]);
  });

  it('reads a 10,000-row sheet well under 10 s', async () => {
    const data: SheetData = [['id', '名称', '价格', '原价', '卖点', '库存', '链接', '标签']];
    for (let i = 0; i < 10_000; i++) data.push([`p${i}`, `商品 ${i}, 特价`, (i % 500) + 0.9, (i % 500) + 10, '卖点一|卖点二；卖点三', i, `https://shop.test/${i}`, `标签${i % 7}|热卖`]);
    const bytes = await xlsx('big.xlsx', [{ sheet: '商品', data }]);
    const started = performance.now();
    const r = await products(bytes);
    const ms = performance.now() - started;
    console.log(`10,000-row .xlsx (${Math.round(bytes.length / 1024)} KB) read and checked: ${Math.round(ms)} ms`);
    expect(r.errors).toEqual([]);
    expect(r.products).toHaveLength(10_000);
    expect(r.products[9_999]).toMatchObject({ id: 'p9999', row: 10_001, price: 499.9 });
    expect(ms).toBeLessThan(10_000);
  }, 60_000);
});
