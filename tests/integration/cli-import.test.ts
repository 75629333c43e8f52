import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../main/library/export-bundle';
import { openLibrary } from '../../main/library/open-library';
import { cli, cliInProcess } from '../support/cli';

function productCount(dataDir: string): number {
  const lib = openLibrary({ dataDir, locale: 'zh-CN', seedsDir: null });
  try {
    return lib.store.listProducts().length;
  } finally {
    lib.close();
  }
}

// "名称,价格\r\n杯子,10\r\n" in GBK (what Excel on a Chinese Windows saves).
const GBK_CSV = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xbc, 0xdb, 0xb8, 0xf1, 0x0d, 0x0a, 0xb1, 0xad, 0xd7, 0xd3, 0x2c, 0x31, 0x30, 0x0d, 0x0a]);

describe('cli import', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-cli-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints FILE:ROW:COLUMN for each error of a broken file, exits 1 and saves nothing', async () => {
    const file = join(dir, 'broken.csv');
    await writeFile(file, '\uFEFF名称,价格,库存\r\n杯子,9,1\r\n碗,九块九,1\r\n盘,-3,2\r\n');
    const data = join(dir, 'data-broken');
    const r = await cli(['import', file, '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:价格: "九块九" is not a number`);
    expect(r.stderr).toContain(`${file}:4:价格: must not be negative`);
    expect(r.stderr).toContain('nothing was saved');
    expect(productCount(data)).toBe(0);
  }, 60_000);

  it('reports a missing required column against the header row', async () => {
    const file = join(dir, 'missing.csv');
    await writeFile(file, 'name,stock\nMug,1\n');
    const r = await cliInProcess(['import', file, '--data-dir', join(dir, 'data-missing')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:1:price: missing required column`);
  });

  it('reads a GBK file, says so, and imports it; --dry-run saves nothing', async () => {
    const file = join(dir, 'gbk.csv');
    await writeFile(file, GBK_CSV);
    const data = join(dir, 'data-gbk');
    const dry = await cliInProcess(['import', file, '--dry-run', '--data-dir', data]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('GBK');
    expect(dry.stdout).toContain('would import 1 product');
    expect(productCount(data)).toBe(0);
    const r = await cliInProcess(['import', file, '--data-dir', data]);
    expect(r.code).toBe(0);
    const lib = openLibrary({ dataDir: data, locale: 'zh-CN', seedsDir: null });
    expect(lib.store.listProducts().map((p) => [p.name, p.price])).toEqual([['杯子', 10]]);
    lib.close();
  });

  it('imports a 10,000-row file in well under 10 s', async () => {
    const rows = ['id,名称,价格,原价,卖点,库存,链接,标签'];
    for (let i = 0; i < 10_000; i++) rows.push(`p${i},"商品 ${i}, 特价",${(i % 500) + 0.9},${(i % 500) + 10},卖点一|卖点二；卖点三,${i},https://shop.test/${i},标签${i % 7}|热卖`);
    const file = join(dir, 'big.csv');
    await writeFile(file, rows.join('\r\n') + '\r\n');
    const data = join(dir, 'data-big');
    const started = performance.now();
    const r = await cliInProcess(['import', file, '--data-dir', data]);
    const ms = performance.now() - started;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported 10000 product(s)');
    console.log(`10,000-row import: ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(productCount(data)).toBe(10_000);
  }, 60_000);

  it('imports a good .xlsx (exit 0); a bad one prints FILE:ROW:COLUMN with the cell and sheet, exits 1 and saves nothing', async () => {
    const good = join(dir, 'good.xlsx');
    await writeXlsxFile([{ sheet: '商品', data: [['名称', '价格', '库存'], ['杯子', 9.9, 3], ['碗', '12', null]] }]).toFile(good);
    const goodData = join(dir, 'data-xlsx-good');
    const ok = await cliInProcess(['import', good, '--data-dir', goodData]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('imported 2 product(s)');
    const lib = openLibrary({ dataDir: goodData, locale: 'zh-CN', seedsDir: null });
    expect(lib.store.listProducts().map((p) => [p.name, p.price, p.stock])).toEqual([
      ['杯子', 9.9, 3],
      ['碗', 12, null],
    ]);
    lib.close();

    const bad = join(dir, 'bad.xlsx');
    await writeXlsxFile([{ sheet: 'Products', data: [['name', 'price', 'stock'], ['Mug', 9, 1], ['Bowl', 'nine', 1], ['Plate', 3, -2]] }]).toFile(bad);
    const badData = join(dir, 'data-xlsx-bad');
    const r = await cli(['import', bad, '--data-dir', badData]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:price: "nine" is not a number (cell B3, sheet "Products")`);
    expect(r.stderr).toContain(`${bad}:4:stock: must not be negative (-2) (cell C4, sheet "Products")`);
    expect(r.stderr).toContain('2 error(s); nothing was saved');
    expect(productCount(badData)).toBe(0);
  }, 60_000);

  it('says clearly when a file named .xlsx is not a spreadsheet', async () => {
    const renamed = join(dir, 'renamed.xlsx');
    await writeFile(renamed, '名称,价格\n杯子,10\n');
    const r = await cliInProcess(['import', renamed, '--data-dir', join(dir, 'data-renamed')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${renamed}:0:-: not an Excel .xlsx file`);
  });

  it('imports a 10,000-row .xlsx in well under 10 s', async () => {
    const data: SheetData = [['id', '名称', '价格', '原价', '卖点', '库存', '链接', '标签']];
    for (let i = 0; i < 10_000; i++) data.push([`p${i}`, `商品 ${i}, 特价`, (i % 500) + 0.9, (i % 500) + 10, '卖点一|卖点二；卖点三', i, `https://shop.test/${i}`, `标签${i % 7}|热卖`]);
    const file = join(dir, 'big.xlsx');
    await writeXlsxFile([{ sheet: '商品', data }]).toFile(file);
    const target = join(dir, 'data-big-xlsx');
    const started = performance.now();
    const r = await cliInProcess(['import', file, '--data-dir', target]);
    const ms = performance.now() - started;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported 10000 product(s)');
    console.log(`10,000-row .xlsx import: ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(10_000);
    expect(productCount(target)).toBe(10_000);
  }, 60_000);

  it('imports a whole-store bundle (.json) into an empty data dir with identical content', async () => {
    const source = openLibrary({ dataDir: join(dir, 'data-bundle-source'), locale: 'zh-CN', seedsDir: fileURLToPath(new URL('../../seeds', import.meta.url)) });
    const file = join(dir, 'store.json');
    await writeFile(file, exportBundle(source.store));
    const expected = { snapshot: source.store.snapshot(), plans: source.store.listPlans() };
    source.close();
    const target = join(dir, 'data-bundle-target');
    const r = await cliInProcess(['import', file, '--data-dir', target]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 7 product\(s\) and \d+ script\(s\), 1 playlist\(s\), 1 plan\(s\) and the settings/);
    const lib = openLibrary({ dataDir: target, locale: 'zh-CN', seedsDir: null });
    expect({ snapshot: lib.store.snapshot(), plans: lib.store.listPlans() }).toEqual(expected);
    lib.close();
  });

  it('rejects usage mistakes with exit code 2', async () => {
    expect((await cliInProcess(['import'])).code).toBe(2);
    expect((await cliInProcess(['import', 'a.csv', '--format', 'xml'])).code).toBe(2);
  });
});
