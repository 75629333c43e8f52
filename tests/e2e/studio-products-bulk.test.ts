import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

interface Row {
  id: string;
  price: number;
  stock: number | null;
  tags: string[];
}

/** The saved products, straight from the library file. */
function saved(dataDir: string): Record<string, Row> {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = d.prepare('SELECT id, price, stock, tags FROM products').all() as { id: string; price: number; stock: number | null; tags: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, { ...r, tags: JSON.parse(r.tags) as string[] }]));
  } finally {
    d.close();
  }
}

/** Waits for the page, which is slower on a busy machine than the default 1 s. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describe('products list filters and bulk edit (browser mode)', () => {
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

  it('filters by tag, bulk-adds a tag, sets stock and lowers prices by 10 %; the low-stock filter then finds them', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    const rows = studio.locator('[data-testid="products"] tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(7);
    const before = saved(host.dataDir);
    const input = (id: string) => studio.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

    await studio.getByTestId('product-tag-filter').click();
    await studio.locator('.ant-select-item-option', { hasText: '零食' }).click();
    await poll(() => rows.count()).toBe(2);
    await studio.locator('[data-testid="products"] thead .ant-checkbox-input').click();
    await poll(() => studio.getByTestId('product-bulk-bar').innerText()).toContain('已选 2 个商品');

    await input('bulk-tag').fill('年货');
    await studio.getByTestId('bulk-add-tag').click();
    await poll(() => saved(host.dataDir)['p-nuts']?.tags).toEqual(['零食', '坚果', '年货']);
    await poll(() => saved(host.dataDir)['p-seaweed']?.tags).toEqual(['零食', '年货']);

    await input('bulk-stock').fill('5');
    await studio.getByTestId('bulk-set-stock').click();
    await poll(() => [saved(host.dataDir)['p-nuts']?.stock, saved(host.dataDir)['p-seaweed']?.stock]).toEqual([5, 5]);

    await input('bulk-percent').fill('-10');
    await studio.getByTestId('bulk-change-price').click();
    await poll(() => [saved(host.dataDir)['p-nuts']?.price, saved(host.dataDir)['p-seaweed']?.price]).toEqual([71.91, 26.91]);

    // The other products are untouched.
    const after = saved(host.dataDir);
    for (const id of ['p-pan', 'p-box', 'p-cloth', 'p-kettle', 'p-tea']) expect(after[id]).toEqual(before[id]);

    await studio.getByTestId('bulk-clear').click();
    await poll(() => studio.getByTestId('product-bulk-bar').count()).toBe(0);
    await studio.locator('[data-testid="product-tag-filter"] .ant-select-clear').click({ force: true });
    await poll(() => rows.count()).toBe(7);
    await studio.getByTestId('product-low-stock').click();
    await poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('每日坚果三十袋装'), expect.stringContaining('芝麻巴旦木夹心海苔脆')]);
    await studio.screenshot({ path: 'test-results/products-filters.png' });
    await context.close();
  });
});
