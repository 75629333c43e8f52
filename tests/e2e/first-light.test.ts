import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageSnapshot } from '../../renderer/stage/runtime';
import { asRunRows, launchChromium, startHost, type RunningHost } from '../support/browser-mode';

interface Sample extends StageSnapshot {
  at: number;
}



async function sampleStage(stage: Page, ms: number): Promise<Sample[]> {
  // Sampled inside the page on animation frames, so that samples are as dense as the picture.
  return stage.evaluate(async (duration) => {
    const out: Array<StageSnapshot & { at: number }> = [];
    const end = performance.now() + duration;
    while (performance.now() < end) {
      const s = window.__stagehostStage?.snapshot();
      if (s) out.push({ ...s, at: performance.now() });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return out;
  }, ms) as Promise<Sample[]>;
}

describe('first light: Go live in browser mode, the host speaks', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startHost({ lang: 'zh-CN' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('speaks the playlist with a moving mouth, logs each line, and stops cleanly', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    // The demo store is there on first run.
    await expect.poll(() => studio.locator('[data-testid="products"] tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);

    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    const stage = await popup;
    await stage.waitForLoadState('domcontentloaded');
    await stage.setViewportSize({ width: 540, height: 960 });
    const wentLiveAt = Date.now();

    // Within 15 s: audio is playing and the mouth moves with it.
    let samples: Sample[] = [];
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sampleStage(stage, 1000));
          const speaking = samples.filter((s) => s.speaking);
          return speaking.some((s) => s.level > 0.01) && speaking.some((s) => s.mouthOpen > 0.2);
        },
        { timeout: 15_000, interval: 1 },
      )
      .toBe(true);
    expect(Date.now() - wentLiveAt).toBeLessThan(15_000);
    // The AudioContext clock runs. The poll above may have caught a single speaking frame on a slow
    // software-WebGL machine, so watch a little longer and compare running samples half a second apart.
    samples = samples.concat(await sampleStage(stage, 600));
    const running = samples.filter((s) => s.contextState === 'running');
    expect(running.length).toBeGreaterThan(1);
    const first = running[0]!;
    const later = running.find((s) => s.at - first.at >= 500) ?? running[running.length - 1]!;
    expect(later.audioTimeMs).toBeGreaterThan(first.audioTimeMs);

    // In the pause between two lines (at least 150 ms after one ended, before the next started) the mouth is shut.
    const pauseSamplesOf = (all: Sample[]): Sample[] => {
      const found: Sample[] = [];
      let silentSince: number | null = null;
      for (const s of all) {
        if (s.speaking || s.linesEnded === 0) {
          silentSince = null;
          continue;
        }
        silentSince ??= s.at;
        if (s.at - silentSince >= 150) found.push(s);
      }
      return found;
    };
    // Keep watching until three lines have aired and a pause was caught on camera (software WebGL on
    // a busy machine draws few frames, so one 400 ms pause may fall between them).
    await expect
      .poll(
        async () => {
          samples = samples.concat(await sampleStage(stage, 1000));
          const aired = asRunRows(host.dataDir).filter((r) => r.outcome === 'aired').length;
          return aired >= 3 && pauseSamplesOf(samples).length > 0;
        },
        { timeout: 60_000, interval: 1 },
      )
      .toBe(true);
    const pauseSamples = pauseSamplesOf(samples);
    expect(pauseSamples.length).toBeGreaterThan(0);
    expect(Math.max(...pauseSamples.map((s) => s.mouthOpen))).toBeLessThan(0.05);
    expect(Math.max(...samples.filter((s) => s.speaking).map((s) => s.mouthOpen))).toBeGreaterThan(0.2);

    // The as-run log holds the lines in air order, each ended after it started.
    const aired = asRunRows(host.dataDir).filter((r) => r.outcome === 'aired');
    for (let i = 1; i < aired.length; i++) expect(aired[i]!.started_at!).toBeGreaterThanOrEqual(aired[i - 1]!.ended_at!);
    for (const r of aired) expect(r.ended_at!).toBeGreaterThan(r.started_at!);
    // The studio shows them too.
    await expect.poll(() => studio.locator('[data-testid="as-run"] tr[data-outcome="aired"]').count()).toBeGreaterThanOrEqual(3);

    mkdirSync('test-results', { recursive: true });
    await stage.screenshot({ path: 'test-results/stage.png' });
    await studio.screenshot({ path: 'test-results/studio-on-air.png' });

    // Stop: the stage falls silent and nothing more is logged.
    await studio.getByTestId('stop').click();
    await expect.poll(() => studio.getByTestId('playout-status').textContent()).toBe('未开播');
    const countAtStop = asRunRows(host.dataDir).length;
    await stage.waitForTimeout(3000);
    const after = asRunRows(host.dataDir);
    expect(after.length).toBe(countAtStop);
    expect(after.some((r) => r.outcome === 'on-air')).toBe(false);
    const tail = await sampleStage(stage, 500);
    expect(tail.every((s) => !s.speaking)).toBe(true);
    await context.close();
  });
});
