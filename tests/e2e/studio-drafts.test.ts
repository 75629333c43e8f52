import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

function db<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}
const bodyOf = (dataDir: string, id: string) => db<{ body: string }>(dataDir, 'SELECT body FROM scripts WHERE id = ?', id)[0]?.body ?? null;
const itemsOf = (dataDir: string, playlistId: string) =>
  db<{ position: number; script_id: string | null; product_id: string | null }>(dataDir, 'SELECT position, script_id, product_id FROM playlist_items WHERE playlist_id = ? ORDER BY position', playlistId);

/** Waits for the page, which is slower on a busy machine than the default 1 s. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** The seeded general script with this title, opened in its drawer. */
async function openGeneralScript(studio: Page, title: string): Promise<void> {
  const item = studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]', { hasText: title });
  await item.getByRole('button', { name: '编辑' }).click();
  await poll(() => studio.getByTestId('script-body').count()).toBe(1);
}

describe('nothing lost mid-edit, and deletions can be undone (browser mode)', () => {
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

  it('keeps a script draft across a reload, restores and saves it; asks before closing with changes', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    const original = bodyOf(host.dataDir, 's-notice');
    expect(original).toBeTruthy();

    await openGeneralScript(studio, '下单提示');
    const body = studio.getByTestId('script-body');
    await body.press('ControlOrMeta+End');
    await body.pressSequentially('今晚八点还有抽奖。');
    await studio.waitForTimeout(900); // past the 500 ms debounce
    // The window is reloaded (or crashes) before the merchant saves.
    await studio.reload();
    expect(bodyOf(host.dataDir, 's-notice')).toBe(original);

    await openGeneralScript(studio, '下单提示');
    await poll(() => studio.getByTestId('draft-offer').count()).toBe(1);
    expect(await studio.getByTestId('draft-offer').innerText()).toMatch(/\d\d:\d\d/);
    await studio.waitForTimeout(400); // the drawer slides in
    await studio.screenshot({ path: 'test-results/studio-draft-restore.png' });
    expect(await studio.getByTestId('script-body').inputValue()).toBe(original);
    await studio.getByTestId('draft-restore').click();
    await poll(() => studio.getByTestId('script-body').inputValue()).toBe(`${original}今晚八点还有抽奖。`);
    await studio.getByTestId('script-save').click();
    await poll(() => bodyOf(host.dataDir, 's-notice')).toBe(`${original}今晚八点还有抽奖。`);
    await poll(() => studio.getByTestId('script-body').count()).toBe(0);

    // Saved: reopening offers nothing. Closing with a change asks; "discard" throws it away.
    await openGeneralScript(studio, '下单提示');
    await studio.waitForTimeout(300);
    expect(await studio.getByTestId('draft-offer').count()).toBe(0);
    await studio.getByTestId('script-body').fill('写到一半');
    await studio.getByTestId('script-cancel').click();
    await poll(() => studio.getByTestId('close-discard').count()).toBe(1);
    await studio.screenshot({ path: 'test-results/studio-draft-close-confirm.png' });
    await studio.getByTestId('close-keep').click();
    expect(await studio.getByTestId('script-body').inputValue()).toBe('写到一半');
    await studio.getByTestId('script-cancel').click();
    await studio.getByTestId('close-discard').click();
    await poll(() => studio.getByTestId('script-body').count()).toBe(0);
    await studio.reload();
    await openGeneralScript(studio, '下单提示');
    await studio.waitForTimeout(300);
    expect(await studio.getByTestId('draft-offer').count()).toBe(0);
    expect(await studio.getByTestId('script-body').inputValue()).toBe(`${original}今晚八点还有抽奖。`);
    expect(bodyOf(host.dataDir, 's-notice')).toBe(`${original}今晚八点还有抽奖。`);
    await context.close();
  });

  it('keeps a new product draft across a reload; discarding it on close leaves nothing behind', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    // Opened and closed without a change: no question, no draft.
    for (const [open, field] of [
      [studio.locator('[data-testid="products"] [data-testid="edit-product"]').first(), 'product-name'],
      [studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]').first().getByRole('button', { name: '编辑' }), 'script-body'],
    ] as const) {
      await open.click();
      await poll(() => studio.getByTestId(field).inputValue()).not.toBe('');
      await studio.waitForTimeout(700);
      await studio.keyboard.press('Escape');
      await poll(() => studio.getByTestId(field).count()).toBe(0);
      expect(await studio.getByTestId('close-discard').count()).toBe(0);
    }
    expect(await studio.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stagehost.draft.')))).toEqual([]);

    await studio.getByTestId('new-product').click();
    await studio.getByTestId('product-name').fill('草稿里的砧板');
    await studio.getByTestId('product-price').fill('45');
    await studio.waitForTimeout(900);
    await studio.reload();

    await studio.getByTestId('new-product').click();
    await poll(() => studio.getByTestId('draft-offer').count()).toBe(1);
    expect(await studio.getByTestId('product-name').inputValue()).toBe('');
    await studio.getByTestId('draft-restore').click();
    await poll(() => studio.getByTestId('product-name').inputValue()).toBe('草稿里的砧板');
    expect(Number(await studio.getByTestId('product-price').inputValue())).toBe(45);
    // Closing (Escape) with the restored, unsaved product asks first. The drawer hears Escape while
    // focus is in it: the Restore button that had focus is gone, so back to the field, as a merchant would.
    await studio.getByTestId('product-name').click();
    await studio.keyboard.press('Escape');
    await poll(() => studio.getByTestId('close-discard').count()).toBe(1);
    await studio.getByTestId('close-discard').click();
    await poll(() => studio.getByTestId('product-name').count()).toBe(0);
    expect(db(host.dataDir, "SELECT id FROM products WHERE name = '草稿里的砧板'")).toEqual([]);
    await studio.reload();
    await studio.getByTestId('new-product').click();
    await poll(() => studio.getByTestId('product-name').count()).toBe(1);
    await studio.waitForTimeout(300);
    expect(await studio.getByTestId('draft-offer').count()).toBe(0);
    await context.close();
  });

  it('deletes a script at once and Undo brings it back into its playlist, at the same places', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    const before = itemsOf(host.dataDir, 'pl-main');
    expect(before.filter((i) => i.script_id === 's-follow')).toHaveLength(2);
    const body = bodyOf(host.dataDir, 's-follow');

    const item = studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]', { hasText: '关注提醒' });
    await item.getByTestId('delete-script').click();
    await poll(() => bodyOf(host.dataDir, 's-follow')).toBeNull();
    expect(itemsOf(host.dataDir, 'pl-main').some((i) => i.script_id === 's-follow')).toBe(false);
    await poll(() => studio.getByTestId('delete-undo-bar').count()).toBe(1);
    expect(await studio.getByTestId('delete-undo-bar').innerText()).toContain('关注提醒');
    await studio.screenshot({ path: 'test-results/studio-delete-undo.png' });

    await studio.getByTestId('delete-undo').click();
    await poll(() => bodyOf(host.dataDir, 's-follow')).toBe(body);
    await poll(() => itemsOf(host.dataDir, 'pl-main')).toEqual(before);
    await poll(() => studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]', { hasText: '关注提醒' }).count()).toBe(1);
    expect(await studio.getByTestId('delete-undo-bar').count()).toBe(0);

    // A product: its scripts become general scripts, and Ctrl+Z (outside a text field) takes it back.
    const tea = db<{ id: string }>(host.dataDir, "SELECT id FROM products WHERE name = '桂花乌龙冷泡茶'")[0]!.id;
    const teaScripts = () => db<{ id: string; product_id: string | null }>(host.dataDir, 'SELECT id, product_id FROM scripts WHERE id LIKE ? ORDER BY id', 's-tea-%');
    expect(teaScripts().map((r) => r.product_id)).toEqual([tea, tea]);
    await studio.locator('[data-testid="products"] tr', { hasText: '桂花乌龙冷泡茶' }).getByTestId('delete-product').click();
    await poll(() => db(host.dataDir, 'SELECT id FROM products WHERE id = ?', tea).length).toBe(0);
    await poll(() => teaScripts().map((r) => r.product_id)).toEqual([null, null]);
    await poll(() => studio.getByTestId('delete-undo-bar').innerText()).toContain('桂花乌龙冷泡茶');
    await studio.locator('body').click({ position: { x: 5, y: 5 } });
    await studio.keyboard.press('Control+z');
    await poll(() => db(host.dataDir, 'SELECT id FROM products WHERE id = ?', tea).length).toBe(1);
    await poll(() => teaScripts().map((r) => r.product_id)).toEqual([tea, tea]);
    await poll(() => studio.locator('[data-testid="products"] tr', { hasText: '桂花乌龙冷泡茶' }).count()).toBe(1);
    await context.close();
  });
});
