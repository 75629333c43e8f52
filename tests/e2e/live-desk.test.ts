import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRunRows, launchChromium, startHost, type RunningHost } from '../support/browser-mode';



describe('live desk in browser mode', () => {
  let host: RunningHost;
  let browser: Browser;
  beforeAll(async () => {
    host = await startHost({ lang: 'en-US' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('airs a typed line next, right after the line that was on air', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const studio = await context.newPage();
    const missing: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    await studio.goto(host.studioUrl);
    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    await popup;
    await expect.poll(() => asRunRows(host.dataDir).filter((r) => r.started_at !== null).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

    const typed = 'Thanks for joining us, everyone!';
    await studio.getByTestId('insert-text').fill(typed);
    const onAirAtInsert = asRunRows(host.dataDir).filter((r) => r.started_at !== null).at(-1)!;
    await studio.getByTestId('insert-next').click();
    await expect.poll(() => asRunRows(host.dataDir).find((r) => r.text === typed)?.outcome, { timeout: 40_000 }).toBe('aired');
    const rows = asRunRows(host.dataDir);
    const inserted = rows.find((r) => r.text === typed)!;
    // Nothing from the rundown aired between the line on air and the insert (lines rendered ahead wait).
    const between = rows.filter((r) => r.id !== inserted.id && r.started_at !== null && r.started_at > onAirAtInsert.started_at! && r.started_at < inserted.started_at!);
    expect(between.length).toBeLessThanOrEqual(1);
    await expect.poll(() => studio.locator('[data-testid="as-run"] tr', { hasText: typed }).count()).toBe(1);

    await studio.screenshot({ path: 'test-results/studio-live-desk-en.png', fullPage: true });
    // The health panel names the speech engines too; the settings drawer adds its own section.
    const before = await studio.getByText('Speech engines', { exact: true }).count();
    await studio.getByTestId('open-settings').click();
    await expect.poll(() => studio.getByText('Speech engines', { exact: true }).count()).toBe(before + 1);
    await studio.screenshot({ path: 'test-results/studio-settings-en.png' });
    await studio.keyboard.press('Escape');

    await studio.getByTestId('stop').click();
    expect(missing).toEqual([]);
    await context.close();
  });
});
