import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Picks an option of an antd Select by typing its label and pressing Enter. */
export async function pickOption(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active', { hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Collects what a page logs about missing translations and uncaught errors, from now on. */
export function watchConsole(page: Page): { missingKeys: string[]; errors: string[]; pageErrors: string[] } {
  const seen = { missingKeys: [] as string[], errors: [] as string[], pageErrors: [] as string[] };
  page.on('console', (m) => {
    if (m.text().startsWith('i18n: missing key')) seen.missingKeys.push(m.text());
    else if (m.type() === 'error') seen.errors.push(m.location().url ? `${m.text()} (${m.location().url})` : m.text());
  });
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  return seen;
}

/** `?key=value` set (or replaced) on a page address. */
export function withQuery(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

/** expect.poll with room for a slow machine (vitest's default gives up after 1 s): software WebGL on two busy cores. */
export function poll<T>(fn: () => T | Promise<T>, timeout = 15_000) {
  return expect.poll(fn, { timeout });
}

/**
 * Runs a test's steps; when one fails, saves a full-page picture of `page` as test-results/<name>-failed.png and
 * adds what the page threw and logged as errors to the failure, so a red run on a busy machine can be read afterwards.
 */
export async function withDiagnostics<T>(page: Page, seen: ReturnType<typeof watchConsole>, name: string, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps();
  } catch (e) {
    await page.screenshot({ path: `test-results/${name}-failed.png`, fullPage: true }).catch(() => {});
    const extra = [...seen.pageErrors.map((m) => `page error: ${m}`), ...seen.errors.map((m) => `console error: ${m}`)];
    if (e instanceof Error && extra.length > 0) e.message += `\n${extra.join('\n')}`;
    throw e;
  }
}
