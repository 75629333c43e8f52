import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';
import { poll, watchConsole, withDiagnostics, withQuery } from '../support/studio-ui';

type Lang = 'zh-CN' | 'en-US';

/**
 * Han characters, CJK punctuation (。、「」) and the full-width punctuation of Chinese text (！（），：；？): none of
 * them belongs in an English page. Full-width symbols that are not writing (the plan's "＋" button) are not counted.
 */
const CHINESE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]/;

/**
 * Every piece of text a person can see on the page (text nodes and input placeholders) that holds
 * Chinese, with where it is. The language switch's own "中文" is a language's name, written in that language.
 */
async function chineseOnScreen(page: Page): Promise<string[]> {
  return page.evaluate((pattern) => {
    const chinese = new RegExp(pattern);
    const visible = (el: Element): boolean => {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const where = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 4; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        parts.unshift(id ? `[data-testid=${id}]` : `${e.tagName.toLowerCase()}${e.classList[0] ? `.${e.classList[0]}` : ''}`);
      }
      return parts.join(' > ');
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      const el = n.parentElement;
      if (!el || !chinese.test(text) || !visible(el)) continue;
      if (text.trim() === '中文' && el.closest('.ant-segmented')) continue;
      found.push(`"${text.trim()}" in ${where(el)}`);
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      const text = el.getAttribute('placeholder') ?? '';
      if (chinese.test(text) && visible(el)) found.push(`placeholder "${text}" of ${where(el)}`);
    }
    return found;
  }, CHINESE.source);
}

describe('the studio in both languages (browser mode)', () => {
  let host: RunningHost;
  let browser: Browser;
  beforeAll(async () => {
    // The demo store in English: products and scripts (the merchant's content) have no Chinese in them,
    // so any Chinese on an English screen is the studio's own text left untranslated.
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens in Chinese, switches to English with the language switch, and every screen is English with no missing key', { timeout: 240_000 }, async () => {
    const badCsv = join(host.dataDir, 'bad-products.csv');
    writeFileSync(badCsv, 'name,price\r\nTravel mug,nine\r\n');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const studio = await context.newPage();
    const seen = watchConsole(studio);
    await withDiagnostics(studio, seen, 'languages', async () => {
      await studio.goto(withQuery(host.studioUrl, 'lang', 'zh-CN'));
      const products = studio.locator('[data-testid="products"] tbody tr.ant-table-row');
      await poll(() => products.count(), 30_000).toBeGreaterThanOrEqual(5);

      /** Visits every main screen in the page's current language; returns the Chinese seen on each. */
      async function visitAll(lang: Lang): Promise<Record<string, string[]>> {
        const found: Record<string, string[]> = {};
        const shoot = async (name: string): Promise<void> => {
          await studio.waitForTimeout(400); // let a drawer's or dialog's opening animation finish before the picture
          await studio.screenshot({ path: `test-results/screen-${name}-${lang}.png` });
          found[name] = await chineseOnScreen(studio);
        };
        const closed = async (testid: string) => {
          try {
            await poll(() => studio.getByTestId(testid).count()).toBe(0);
          } catch (e) {
            await studio.screenshot({ path: `test-results/languages-not-closed-${testid}-${lang}.png` });
            throw e;
          }
        };

        await studio.getByTestId('tab-home').click();
        await poll(() => products.count()).toBeGreaterThanOrEqual(5);
        await shoot('home');

        await studio.locator('[data-testid="products"] [data-testid="edit-product"]').first().click();
        await poll(() => studio.getByTestId('product-name').inputValue()).not.toBe('');
        await shoot('product-drawer');
        await studio.keyboard.press('Escape');
        await closed('product-form');

        await studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]').first().locator('button').first().click();
        await poll(() => studio.getByTestId('preview-line').count()).toBeGreaterThan(0);
        // The reading, duration and billed characters arrive from the host a moment later.
        await poll(() => studio.getByTestId('script-totals').count(), 20_000).toBe(1);
        await shoot('script-drawer');
        await studio.keyboard.press('Escape');
        await closed('script-body');

        // The import dialog with a file that has a bad cell: the row/column error is in the page's language too.
        await studio.getByTestId('open-import').click();
        await studio.getByTestId('import-file').setInputFiles(badCsv);
        await poll(() => studio.locator('[data-testid="import-errors"] tbody tr').count(), 20_000).toBe(1);
        await shoot('import-dialog');
        await studio.getByTestId('import-cancel').click();
        await closed('import-verdict');

        await studio.getByTestId('open-settings').click();
        await poll(() => studio.getByTestId('speech-settings').count(), 20_000).toBe(1);
        await shoot('settings');
        // The drawer's other tabs: stage, avatars, backup and restore.
        for (const [tab, ready] of [
          ['stage', 'stage-settings'],
          ['avatars', 'avatars-section'],
          ['store', 'backup-section'],
        ] as const) {
          await studio.getByTestId(`settings-tab-${tab}`).click();
          await poll(() => studio.getByTestId(ready).count(), 20_000).toBe(1);
          await shoot(`settings-${tab}`);
        }
        await studio.keyboard.press('Escape');
        await poll(() => studio.getByTestId('speech-settings').count()).toBe(0);

        await studio.getByTestId('tab-playlists').click();
        await studio.getByTestId('playlist-row').first().click();
        await poll(() => studio.getByTestId('playlist-item').count()).toBeGreaterThan(0);
        await shoot('playlists');

        await studio.getByTestId('tab-plan').click();
        await poll(() => studio.getByTestId('timeline-block').count()).toBeGreaterThan(0);
        await poll(() => studio.getByTestId('plan-no-problems').count()).toBe(1);
        await shoot('plan');
        return found;
      }

      const zh = await visitAll('zh-CN');
      // The detector sees Chinese where there is some: every screen of the Chinese studio has it.
      for (const [screen, hits] of Object.entries(zh)) expect(hits.length, `no Chinese found on the Chinese ${screen}`).toBeGreaterThan(0);

      await studio.getByTestId('tab-home').click();
      await studio.locator('.studio-header .ant-segmented').getByText('English', { exact: true }).click();
      await poll(() => studio.getByTestId('tab-home').innerText()).not.toMatch(CHINESE);
      const en = await visitAll('en-US');
      expect(Object.keys(en)).toEqual([
        'home',
        'product-drawer',
        'script-drawer',
        'import-dialog',
        'settings',
        'settings-stage',
        'settings-avatars',
        'settings-store',
        'playlists',
        'plan',
      ]);
      expect(en).toEqual(Object.fromEntries(Object.keys(en).map((k) => [k, []])));
    });

    // No other console error either (the browser's own request for /favicon.ico, which the host does not serve, aside).
    expect(seen.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
    expect(seen.missingKeys).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    await context.close();
  });
});
