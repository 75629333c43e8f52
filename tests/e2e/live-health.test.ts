import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRunRows, launchChromium, startHost, type RunningHost } from '../support/browser-mode';

describe('live desk: health, rundown, script insert, shortcuts, alerts (browser mode)', () => {
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

  it('shows a healthy system engine and the rundown, airs a picked script next, skips by shortcut, and alerts when the stage goes', { timeout: 150_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const studio = await context.newPage();
    const missing: string[] = [];
    studio.on('console', (m) => {
      if (m.text().startsWith('i18n: missing key')) missing.push(m.text());
    });
    await studio.goto(host.studioUrl);
    await expect.poll(() => studio.getByTestId('health-output').innerText(), { timeout: 20_000 }).toContain('Off air');

    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    const stage = await popup;
    await expect.poll(() => asRunRows(host.dataDir).filter((r) => r.started_at !== null).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

    // Health: the system voice is healthy, the program stage is connected, memory is shown.
    const system = studio.getByTestId('health-engine-system');
    await expect.poll(() => system.getByTestId('engine-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('closed');
    expect(await system.innerText()).toContain('Healthy');
    // No Azure key here: Azure is "not set up", not "healthy".
    await expect.poll(() => studio.getByTestId('health-engine-azure').innerText()).toContain('Not set up');
    await expect.poll(() => studio.getByTestId('health-output').innerText()).toContain('Connected');
    await expect.poll(() => studio.getByTestId('health-memory').innerText(), { timeout: 15_000 }).toMatch(/\d+ MB/);

    // The rundown lists the coming lines; the line on air has its playlist by name and a progress bar.
    await expect.poll(() => studio.getByTestId('rundown-line').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => studio.getByTestId('rundown-line').filter({ hasText: 'Ready' }).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => studio.getByTestId('live-playlist').innerText()).toContain('All-day rotation');
    expect(await studio.getByTestId('live-progress').count()).toBe(1);

    // Insert a script through the picker: it airs right after the line on air.
    await studio.getByTestId('insert-mode-script').click();
    await studio.getByTestId('insert-script-select').click();
    await studio.keyboard.type('morning tea');
    // Choose with the keyboard once the filtered option is listed: a click can land while the
    // dropdown still animates on a busy machine and choose nothing.
    await expect.poll(() => studio.locator('.ant-select-item-option', { hasText: 'Kettle: morning tea' }).count()).toBeGreaterThan(0);
    await studio.keyboard.press('Enter');
    await expect.poll(() => studio.getByTestId('insert-script-next').isEnabled(), { timeout: 10_000 }).toBe(true);
    const onAirAtInsert = asRunRows(host.dataDir).filter((r) => r.started_at !== null).at(-1)!;
    await studio.getByTestId('insert-script-next').click();
    await expect
      .poll(() => asRunRows(host.dataDir).find((r) => r.script_id === 's-kettle-2' && r.id > onAirAtInsert.id && r.started_at !== null)?.outcome, { timeout: 40_000 })
      .toMatch(/on-air|aired/);
    const rows = asRunRows(host.dataDir);
    const inserted = rows.find((r) => r.script_id === 's-kettle-2' && r.id > onAirAtInsert.id)!;
    const between = rows.filter((r) => r.id !== inserted.id && r.started_at !== null && r.started_at > onAirAtInsert.started_at! && r.started_at < inserted.started_at!);
    expect(between.length).toBeLessThanOrEqual(1);

    // The shortcuts help lists the chords in English.
    await studio.getByTestId('shortcuts-open').click();
    await expect.poll(() => studio.getByTestId('shortcuts-help').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await studio.getByTestId('shortcuts-help').innerText()).toContain('Skip the line on air');
    expect(await studio.getByTestId('shortcuts-help').innerText()).toContain('Ctrl + Shift + S');
    await studio.screenshot({ path: 'test-results/studio-live-desk.png', fullPage: true });
    await studio.locator('.studio-header h1').click(); // a click elsewhere closes the help
    await expect.poll(() => studio.getByTestId('shortcuts-help').isVisible(), { timeout: 10_000 }).toBe(false);

    // Ctrl+Shift+S skips the line on air (not while typing in a text field).
    await expect.poll(() => asRunRows(host.dataDir).some((r) => r.outcome === 'on-air' && r.started_at !== null), { timeout: 30_000 }).toBe(true);
    await studio.getByTestId('insert-mode-text').click();
    await studio.getByTestId('insert-text').click();
    const whileTyping = asRunRows(host.dataDir).filter((r) => r.outcome === 'skipped').length;
    await studio.keyboard.press('Control+Shift+S');
    await new Promise((r) => setTimeout(r, 500));
    expect(asRunRows(host.dataDir).filter((r) => r.outcome === 'skipped').length).toBe(whileTyping);
    await studio.locator('.studio-header h1').click(); // focus leaves the text box
    await expect.poll(() => asRunRows(host.dataDir).some((r) => r.outcome === 'on-air' && r.started_at !== null), { timeout: 30_000 }).toBe(true);
    const target = asRunRows(host.dataDir).filter((r) => r.outcome === 'on-air' && r.started_at !== null).at(-1)!;
    await studio.keyboard.press('Control+Shift+S');
    await expect.poll(() => asRunRows(host.dataDir).find((r) => r.id === target.id)?.outcome, { timeout: 10_000 }).toBe('skipped');
    await expect.poll(() => studio.locator('[data-testid="as-run"] tr[data-outcome="skipped"]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    // Program volume: mute on the desk silences the stage's output, yet the lip-sync level still reads the
    // voice (the mouth keeps moving); unmute restores full volume; the slider's arrow keys set a level.
    const stageVolume = () => stage.evaluate(() => window.__stagehostStage!.snapshot().volume);
    expect(await stageVolume()).toBe(1);
    await studio.getByTestId('volume-mute').click();
    await expect.poll(stageVolume, { timeout: 10_000 }).toBe(0);
    expect(await studio.getByTestId('volume-mute').getAttribute('data-muted')).toBe('true');
    await expect.poll(() => stage.evaluate(() => window.__stagehostStage!.snapshot().level), { timeout: 20_000, interval: 50 }).toBeGreaterThan(0.01);
    await studio.getByTestId('volume-mute').click();
    await expect.poll(stageVolume, { timeout: 10_000 }).toBe(1);
    await studio.locator('.live-volume .ant-slider-handle').focus();
    for (let i = 0; i < 5; i++) await studio.keyboard.press('ArrowLeft');
    await expect.poll(() => studio.getByTestId('volume-value').innerText()).toBe('95%');
    await expect.poll(stageVolume, { timeout: 10_000 }).toBe(0.95);

    // The stage goes away while on air: a banner and a tone, once.
    await stage.close();
    await expect.poll(() => studio.getByTestId('live-alert-stage-missing').count(), { timeout: 30_000 }).toBe(1);
    expect(await studio.getByTestId('live-alert-stage-missing').innerText()).toContain('no program stage is connected');
    const tones = Number(await studio.getByTestId('live-alerts').getAttribute('data-tones'));
    expect(tones).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 6000)); // several polls later, no repeat for the same condition
    expect(Number(await studio.getByTestId('live-alerts').getAttribute('data-tones'))).toBe(tones);
    await studio.screenshot({ path: 'test-results/studio-live-alert.png', fullPage: false });

    // Muting is remembered: after a reload the banner is back, silently.
    await studio.getByTestId('alerts-sound').click();
    expect(await studio.getByTestId('alerts-sound').getAttribute('data-muted')).toBe('true');
    await studio.reload();
    await expect.poll(() => studio.getByTestId('live-alert-stage-missing').count(), { timeout: 30_000 }).toBe(1);
    expect(await studio.getByTestId('alerts-sound').getAttribute('data-muted')).toBe('true');
    expect(await studio.getByTestId('live-alerts').getAttribute('data-tones')).toBe('0');

    await studio.getByTestId('stop').click();
    await expect.poll(() => studio.getByTestId('playout-status').innerText()).toContain('Off air');

    // The same desk in Chinese.
    await studio.getByText('中文', { exact: true }).click();
    await expect.poll(() => studio.getByTestId('health-engine-system').innerText()).toContain('正常');
    expect(await studio.getByTestId('health-output').innerText()).toContain('未开播');
    await studio.keyboard.press('Control+/'); // the help shortcut
    await expect.poll(() => studio.getByTestId('shortcuts-help').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await studio.getByTestId('shortcuts-help').innerText()).toContain('跳过正在播的这句');
    await studio.screenshot({ path: 'test-results/studio-live-desk-zh.png' });
    expect(missing).toEqual([]);
    await context.close();
  });
});
