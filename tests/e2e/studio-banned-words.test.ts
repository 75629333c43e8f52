import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

/** The saved lint setting, straight from the library file. */
function savedLint(dataDir: string): unknown {
  const d = new Database(join(dataDir, 'stagehost.db'), { readonly: true, fileMustExist: true });
  try {
    const row = d.prepare("SELECT value FROM settings WHERE key = 'lint'").get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : null;
  } finally {
    d.close();
  }
}

/** Waits for the page, which is slower on a busy machine than the default 1 s. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describe('editable banned-word list (browser mode)', () => {
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

  it('a word added in Settings is flagged in the script editor; a switched-off built-in word is not; removal can be undone', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);

    await studio.getByTestId('open-settings').click();
    await studio.getByTestId('settings-tab-lint').click();
    await studio.getByTestId('lint-custom-term').fill('秒杀全网');
    await studio.getByTestId('lint-custom-add').click();
    await poll(() => studio.getByTestId('lint-custom-table').innerText()).toContain('秒杀全网');
    await studio.getByTestId('lint-default-search').fill('减肥');
    await studio.getByTestId('lint-default-switch-减肥').click();
    await poll(() => savedLint(host.dataDir)).toEqual({ custom: [{ term: '秒杀全网', severity: 'block', category: 'custom' }], disabled: ['减肥'] });
    await poll(() => studio.getByTestId('lint-default-switch-减肥').getAttribute('aria-checked')).toBe('false');
    await studio.screenshot({ path: 'test-results/settings-banned-words.png' });

    // Remove, then undo: the word is back.
    await studio.getByTestId('lint-custom-remove-秒杀全网').click();
    await poll(() => savedLint(host.dataDir)).toEqual({ custom: [], disabled: ['减肥'] });
    await studio.getByTestId('lint-custom-undo').click();
    await poll(() => savedLint(host.dataDir)).toEqual({ custom: [{ term: '秒杀全网', severity: 'block', category: 'custom' }], disabled: ['减肥'] });
    await studio.keyboard.press('Escape');

    const item = studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]').first();
    await item.getByRole('button', { name: '编辑' }).click();
    await poll(() => studio.getByTestId('script-body').count()).toBe(1);
    await studio.getByTestId('script-body').fill('今天秒杀全网，减肥必备。');
    await poll(() => studio.getByTestId('lint-live-hit').allInnerTexts()).toEqual([expect.stringContaining('秒杀全网')]);
    await studio.getByTestId('script-body').fill('今天限时优惠，减肥必备。');
    await poll(() => studio.getByTestId('lint-live-hit').count()).toBe(0);
    await context.close();
  });
});
