import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageCue } from '../../shared/api';
import type { HostHealth } from '../../shared/api-live';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('host.health through the real host', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('reports memory, uptime and the last day of as-run lines (aired, failed, skipped), to the studio only', { timeout: 60_000 }, async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-health-')), locale: 'zh-CN', seedsDir, log: () => {} });
    const h = host;
    const health = () => h.handle('host.health', {}, studio) as Promise<HostHealth>;

    const before = await health();
    expect(before.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(before.heapUsedBytes).toBeGreaterThan(0);
    expect(before.heapUsedBytes).toBeLessThanOrEqual(before.heapTotalBytes);
    expect(before.uptimeS).toBeGreaterThanOrEqual(0);
    expect(before).toMatchObject({ asRunLines24h: 0, failedLines24h: 0, skippedLines24h: 0 });
    await expect(h.handle('host.health', {}, stage)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.handle('host.health', { extra: 1 }, studio)).rejects.toMatchObject({ code: 'bad-request' });

    // A stage that plays the first two lines, fails the third, and lets the rest play.
    const cues: StageCue[] = [];
    h.subscribe((event, payload) => {
      if (event !== 'stage.cue') return;
      const cue = payload as StageCue;
      cues.push(cue);
      const n = cues.length;
      setTimeout(() => {
        void h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind: 'started' }, stage).catch(() => {});
        if (n === 3) {
          setTimeout(() => void h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind: 'failed', detail: 'test: no audio device' }, stage).catch(() => {}), 20);
        } else if (n !== 4) {
          setTimeout(() => void h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind: 'ended' }, stage).catch(() => {}), 30);
        }
      }, 5);
    });
    await h.handle('stage.attach', { role: 'program' }, stage);
    await h.handle('playout.goLive', {}, studio);
    // The fourth line stays on air until the operator skips it.
    await waitFor(() => cues.length >= 4, 30_000);
    await new Promise((r) => setTimeout(r, 100));
    await h.handle('playout.skip', { what: 'line' }, studio);
    await waitFor(() => cues.length >= 6, 30_000);

    // Counts are refreshed at most every 3 s.
    await waitFor(async () => (await health()).skippedLines24h >= 1, 10_000);
    const after = await health();
    expect(after.failedLines24h).toBe(1);
    expect(after.skippedLines24h).toBe(1);
    expect(after.asRunLines24h).toBeGreaterThanOrEqual(5);
    expect(after.at).toBeGreaterThan(before.at);
    await h.handle('playout.stop', {}, studio);
  });
});
