import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

function productNames(dataDir: string): string[] {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    return (d.prepare('SELECT name FROM products ORDER BY position').all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    d.close();
  }
}

describe('spreadsheets in the studio (browser mode)', () => {
  let host: RunningHost;
  let browser: Browser;
  beforeAll(async () => {
    host = await startHost({ lang: 'zh-CN' });
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('imports an .xlsx: errors by row, column and cell in the merchant’s language, nothing saved; a good sheet imports; products export as .xlsx', { timeout: 120_000 }, async () => {
    const dir = host.dataDir;
    await writeXlsxFile([{ sheet: '商品', data: [['名称', '价格', '库存'], ['表格里的杯子', 9.9, 3], ['表格里的碗', '九块九', 1]] }]).toFile(join(dir, 'bad.xlsx'));
    await writeXlsxFile([{ sheet: '商品', data: [['名称', '价格', '卖点'], ['表格里的杯子', 9.9, '保温|轻'], ['表格里的碗', 19, null]] }]).toFile(join(dir, 'good.xlsx'));
    const before = productNames(dir);

    const context = await browser.newContext({ viewport: { width: 1360, height: 960 }, acceptDownloads: true });
    const studio = await context.newPage();
    const missing: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    await studio.goto(host.studioUrl);
    await studio.getByTestId('open-import').click();
    await studio.getByTestId('import-file').setInputFiles(join(dir, 'bad.xlsx'));
    const errorRows = studio.locator('[data-testid="import-errors"] tbody tr');
    await expect.poll(() => errorRows.count()).toBe(1);
    const text = await errorRows.first().innerText();
    expect(text).toContain('3'); // the row Excel shows
    expect(text).toContain('价格');
    expect(text).toContain('B3');
    expect(await studio.getByTestId('import-error-text').first().innerText()).toBe('“价格”的值“九块九”不是数字');
    expect(await studio.getByTestId('import-apply').isDisabled()).toBe(true);
    await studio.waitForTimeout(500);
    await studio.screenshot({ path: 'test-results/studio-import-xlsx-errors.png' });
    await studio.getByTestId('import-cancel').click();
    expect(productNames(dir)).toEqual(before);

    await studio.getByTestId('open-import').click();
    await studio.getByTestId('import-file').setInputFiles(join(dir, 'good.xlsx'));
    await expect.poll(() => studio.getByTestId('import-apply').isDisabled()).toBe(false);
    await studio.getByTestId('import-apply').click();
    await expect.poll(() => productNames(dir)).toEqual([...before, '表格里的杯子', '表格里的碗']);

    // Export products as .xlsx: a real workbook with the store's products, zh-CN headers.
    const download = studio.waitForEvent('download');
    await studio.getByTestId('export-products').click();
    await studio.getByTestId('export-products-xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^stagehost-products-.*\.xlsx$/);
    const [sheet] = await readXlsxFile(readFileSync((await file.path())!));
    expect(sheet?.sheet).toBe('商品');
    expect(sheet?.data[0]?.slice(0, 3)).toEqual(['编号', '名称', '价格']);
    expect(sheet?.data.slice(1).map((r) => r[1])).toEqual(productNames(dir));

    expect(missing).toEqual([]);
    await context.close();
  });
});
