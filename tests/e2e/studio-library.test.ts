import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

interface ScriptRow {
  title: string;
  body: string;
  product_id: string | null;
}

function db<T>(dataDir: string, sql: string): T[] {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
}

describe('studio library editing in browser mode', () => {
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

  it('creates a product, writes a script with a variable and a variant, fixes a banned word, previews and saves it; imports a CSV', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 }, acceptDownloads: true });
    const studio = await context.newPage();
    const missing: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    await studio.goto(host.studioUrl);
    await studio.getByTestId('new-product').click();

    // Validation in the merchant's language: save with nothing filled in.
    await studio.getByTestId('product-save').click();
    await expect.poll(() => studio.getByText('请填写名称').count()).toBe(1);
    await studio.waitForTimeout(300);
    await studio.screenshot({ path: 'test-results/studio-library-product-form.png' });
    await studio.getByTestId('product-name').fill('测试保温杯');
    await studio.getByTestId('product-price').fill('88');
    await studio.getByTestId('product-points').fill('保温12小时\n316不锈钢');
    await studio.getByTestId('product-save').click();
    await expect.poll(() => db<{ name: string; price: number }>(host.dataDir, "SELECT name, price FROM products WHERE name = '测试保温杯'")).toEqual([{ name: '测试保温杯', price: 88 }]);
    const row = studio.locator('[data-testid="products"] tr', { hasText: '测试保温杯' });
    await expect.poll(() => row.count()).toBe(1);

    // Open the product's scripts and write a new one.
    await row.locator('.ant-table-row-expand-icon').click();
    await studio.locator('[data-testid="products"] [data-testid="new-script"]').first().click();
    await studio.getByTestId('script-title').fill('保温杯讲解');
    const body = studio.getByTestId('script-body');
    await body.fill('这是最好的杯子，只要');
    await body.press('End');
    await studio.getByTestId('insert-variable').hover();
    await studio.getByRole('menuitem', { name: '{{product.price}}' }).click();
    await body.press('End');
    await body.pressSequentially('元！{快来抢|先到先得}');
    await expect.poll(() => studio.getByTestId('lint-live-hit').count()).toBe(1);
    expect(await studio.getByTestId('lint-live-hit').first().innerText()).toContain('最好');
    await studio.screenshot({ path: 'test-results/studio-library-script-lint.png' });

    // Fix the banned word: the warning goes, the preview shows the resolved lines.
    await body.fill((await body.inputValue()).replace('最好', '很棒'));
    await expect.poll(() => studio.getByTestId('lint-live-hit').count()).toBe(0);
    const lines = studio.getByTestId('preview-line');
    await expect.poll(() => lines.count()).toBe(2);
    expect((await lines.nth(0).innerText()).trim()).toBe('这是很棒的杯子，只要88元！');
    expect(['快来抢', '先到先得']).toContain((await lines.nth(1).innerText()).trim());
    await studio.screenshot({ path: 'test-results/studio-library-script-preview.png' });
    await studio.getByTestId('script-save').click();

    await expect
      .poll(() => db<ScriptRow>(host.dataDir, "SELECT title, body, product_id FROM scripts WHERE title = '保温杯讲解'").map((s) => s.body))
      .toEqual(['这是很棒的杯子，只要{{product.price}}元！{快来抢|先到先得}']);
    await expect.poll(() => studio.getByText('保温杯讲解').count()).toBeGreaterThanOrEqual(1);
    await studio.screenshot({ path: 'test-results/studio-library-list.png', fullPage: true });

    // Import: a broken file shows row/column errors and cannot be applied; a good one imports.
    const dir = host.dataDir;
    writeFileSync(join(dir, 'bad.csv'), '名称,价格\r\n好杯子,九块九\r\n');
    writeFileSync(join(dir, 'good.csv'), '名称,价格,卖点\r\n导入的碗,19.9,耐摔|好洗\r\n');
    await studio.getByTestId('open-import').click();
    await studio.getByTestId('import-file').setInputFiles(join(dir, 'bad.csv'));
    await expect.poll(() => studio.locator('[data-testid="import-errors"] tbody tr').count()).toBe(1);
    expect(await studio.locator('[data-testid="import-errors"] tbody tr').innerText()).toContain('价格');
    expect(await studio.getByTestId('import-apply').isDisabled()).toBe(true);
    await studio.waitForTimeout(500); // let the dialog's opening animation finish
    await studio.screenshot({ path: 'test-results/studio-library-import-errors.png' });
    await studio.getByTestId('import-file').setInputFiles(join(dir, 'good.csv'));
    await expect.poll(() => studio.getByTestId('import-apply').isDisabled()).toBe(false);
    await studio.waitForTimeout(300);
    await studio.screenshot({ path: 'test-results/studio-library-import-preview.png' });
    await studio.getByTestId('import-apply').click();
    await expect.poll(() => db<{ name: string }>(host.dataDir, "SELECT name FROM products WHERE name = '导入的碗'").length).toBe(1);
    await expect.poll(() => studio.locator('[data-testid="products"] tr', { hasText: '导入的碗' }).count()).toBe(1);

    // Export: the JSON bundle downloads and holds what was made above.
    const download = studio.waitForEvent('download');
    await studio.getByTestId('export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^stagehost-library-.*\.json$/);
    const bundle = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { format: string; products: Array<{ name: string }>; scripts: Array<{ title: string }> };
    expect(bundle.format).toBe('stagehost.bundle');
    expect(bundle.products.map((p) => p.name)).toEqual(expect.arrayContaining(['测试保温杯', '导入的碗']));
    expect(bundle.scripts.map((s) => s.title)).toContain('保温杯讲解');

    expect(missing).toEqual([]);
    await context.close();
  });
});
