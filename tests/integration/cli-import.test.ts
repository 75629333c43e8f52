import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('rejects usage mistakes with exit code 2', async () => {
    expect((await cliInProcess(['import'])).code).toBe(2);
    expect((await cliInProcess(['import', 'a.csv', '--format', 'xml'])).code).toBe(2);
  });
});
