import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, HostEvent, PlayoutState, StageCue } from '../../shared/api';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

/** A stage that "plays" each cue instantly: reports started, then ended. */
function autoStage(host: StageHost, cues: StageCue[]): () => void {
  return host.subscribe(<E extends HostEvent>(event: E, payload: EventPayload<E>) => {
    if (event !== 'stage.cue') return;
    const cue = payload as StageCue;
    cues.push(cue);
    setTimeout(() => {
      // After the host closed these are rejected ('closed'), as a real stage's late reports would be.
      const report = (kind: 'started' | 'ended') => host.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind }, stage).catch(() => {});
      void report('started');
      setTimeout(() => void report('ended'), 20);
    }, 5);
  });
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('host: plan → playlist → lines → speech → stage → as-run', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('airs the demo playlist in order, with audio for every cue, and stops cleanly', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-host-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {} });
    const library = (await host.handle('library.snapshot', {}, studio)) as { products: unknown[]; playlists: { items: { scriptId?: string }[] }[] };
    expect(library.products.length).toBeGreaterThanOrEqual(5);

    const cues: StageCue[] = [];
    autoStage(host, cues);
    await host.handle('stage.attach', { role: 'program' }, stage);
    const state = (await host.handle('playout.goLive', {}, studio)) as PlayoutState;
    expect(state.status).toBe('on-air');

    await waitFor(() => host!.library.store.asRunTail(50).filter((e) => e.outcome === 'aired').length >= 4, 45_000);
    for (const cue of cues) expect(host.mediaPath(cue.audioId)).toMatch(/\.wav$/);
    expect(cues.every((c) => c.track.visemes.length > 0 && c.durationMs > 300)).toBe(true);

    await host.handle('playout.stop', {}, studio);
    const atStop = host.library.store.asRunCount();
    await new Promise((r) => setTimeout(r, 800));
    expect(host.library.store.asRunCount()).toBe(atStop);

    // The lines came from the playlist's scripts, in the playlist's order.
    const aired = host.library.store.asRunTail(50).reverse().filter((e) => e.outcome === 'aired');
    const order = library.playlists[0]!.items.map((i) => i.scriptId);
    const positions = aired.map((e) => order.indexOf(e.scriptId ?? undefined));
    expect(positions.every((p) => p >= 0)).toBe(true);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThanOrEqual(positions[i - 1]!);
  });

  it('waits for a program stage, then starts on air when one attaches', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-host-'));
    host = await createHost({ dataDir, locale: 'en-US', seedsDir, log: () => {} });
    const state = (await host.handle('playout.goLive', {}, studio)) as PlayoutState;
    expect(state.waitingForStage).toBe(true);
    const cues: StageCue[] = [];
    autoStage(host, cues);
    await host.handle('stage.attach', { role: 'program' }, stage);
    await waitFor(() => cues.length >= 1, 20_000);
    expect(cues[0]!.text).toMatch(/[A-Za-z]/);
  });

  it('rejects messages that break the contract or come from the wrong page', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-host-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {} });
    await expect(host.handle('playout.goLive', {}, stage)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(host.handle('asrun.tail', { limit: 'ten' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(host.handle('library.drop', {}, studio)).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(
      host.handle('stage.report', { stageId: 'someone-else', lineId: 'x', kind: 'ended' }, stage),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('comes back on air after a restart when it was left on air', { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-host-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {} });
    await host.handle('playout.goLive', {}, studio);
    await host.close(); // as if the process died while on air
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {} });
    expect(((await host.handle('playout.state', {}, studio)) as PlayoutState).status).toBe('on-air');
  });
});
