import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startHost, type RunningHost } from '../support/browser-mode';

describe('studio: the reading of a line, Listen on the preview stage, voice settings (browser mode)', () => {
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

  it('shows the reading under a preview line, plays it with the avatar speaking, and renders the store ahead of air', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 960 } });
    const studio = await context.newPage();
    const missing: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    await studio.goto(host.studioUrl);

    // Open a general script and write a line with a price in it.
    const item = studio.locator('[data-testid="general-scripts"] [data-testid="script-item"]').first();
    await item.getByRole('button', { name: '编辑' }).click();
    const body = studio.getByTestId('script-body');
    await body.fill('欢迎来到直播间，今天满¥199减30！喜欢的点个关注。');
    const lines = studio.getByTestId('preview-line');
    await expect.poll(() => lines.count()).toBe(2);
    expect((await lines.nth(0).innerText()).trim()).toBe('欢迎来到直播间，今天满¥199减30！');

    // The reading the voice will get appears under the line, with duration and billed characters.
    const reading = studio.getByTestId('preview-reading').first();
    await expect.poll(() => reading.count(), { timeout: 10_000 }).toBe(1);
    expect(await reading.innerText()).toBe('欢迎来到直播间，今天满一百九十九元减三十！');
    expect(await studio.getByTestId('preview-estimate').first().innerText()).toMatch(/约 \d+\.\d s · 计费 \d+ 字符/);
    expect(await studio.getByTestId('script-totals').innerText()).toMatch(/计费约 \d+ 字符/);

    // Listen: rendered by the host, played on the preview stage in the drawer; the mouth opens.
    await studio.getByTestId('preview-listen').first().click();
    const stage = studio.getByTestId('preview-stage');
    await expect.poll(() => stage.getAttribute('data-state'), { timeout: 30_000 }).toBe('playing');
    await studio.waitForTimeout(600);
    await studio.screenshot({ path: 'test-results/studio-script-listen.png' });
    await expect.poll(() => stage.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const peak = Number(await stage.getAttribute('data-mouth-peak'));
    expect(peak).toBeGreaterThan(0.15);
    expect(await studio.getByTestId('preview-stage-status').innerText()).toContain('system');

    // Settings: voices of this machine, sample, dictionary, render ahead with progress.
    await studio.keyboard.press('Escape');
    // The edited line was not saved: closing asks first (keep / discard / save); discard it.
    await studio.getByTestId('close-discard').click();
    await studio.getByTestId('open-settings').click();
    const settings = studio.getByTestId('speech-settings');
    await expect.poll(() => settings.count(), { timeout: 10_000 }).toBe(1);
    await studio.getByTestId('voice-select').click();
    await expect.poll(() => studio.locator('.ant-select-item-option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await studio.keyboard.press('Escape');
    await studio.getByTestId('voice-sample').click();
    await expect.poll(() => studio.getByTestId('voice-sample-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await studio.getByTestId('dict-add').click();
    await studio.getByTestId('dict-word').last().fill('行货');
    await studio.getByTestId('dict-reading').last().fill('杭货');
    await studio.getByTestId('dict-save').click();
    await expect.poll(() => studio.getByText('发音词典已保存，下一句开始生效').count()).toBe(1);
    // One playlist (the first) is enough to see the progress reach the end.
    await studio.getByTestId('prerender-playlist').click();
    await studio.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click();
    await studio.getByTestId('prerender-start').click();
    const progress = studio.getByTestId('prerender-progress');
    await expect.poll(() => progress.getAttribute('data-finished'), { timeout: 90_000 }).toBe('yes');
    expect(await progress.getAttribute('data-cancelled')).toBe('no');
    expect(await progress.innerText()).toMatch(/完成：\d+ 句已准备好（失败 0）/);
    await studio.waitForTimeout(300);
    await settings.scrollIntoViewIfNeeded();
    await studio.screenshot({ path: 'test-results/studio-settings-speech.png' });
    expect(missing).toEqual([]);
    await context.close();
  });
});
