import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlayoutState } from '../../shared/api';
import type { LibrarySnapshot, Script } from '../../shared/domain';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { answerCuesInstantly, testStage, waitFor } from '../support/instant-stage';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage = testStage;

describe('host: a script’s emotion reaches the stage with each of its lines', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('puts the script’s emotion on the cue of every line of that script, and none for a script without one', { timeout: 60_000 }, async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-emotion-')), locale: 'en-US', seedsDir, log: () => {} });
    const h = host;
    const lib = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    // The first playlist's scripts, in order: the first is excited, the second neutral, the rest left as they were.
    const order = lib.playlists[0]!.items.flatMap((i) => (i.type === 'script' ? [i.scriptId] : []));
    expect(order.length).toBeGreaterThanOrEqual(3);
    const byId = new Map(lib.scripts.map((s) => [s.id, s]));
    const excited = byId.get(order[0]!)!;
    const calm = byId.get(order[1]!)!;
    expect(excited.emotion).toBeUndefined(); // seeds written before the field existed
    const saved = (await h.handle('library.upsertScript', { script: { ...excited, emotion: 'excited' } }, studio)) as Script;
    expect(saved.emotion).toBe('excited');
    await h.handle('library.upsertScript', { script: { ...calm, emotion: 'neutral' } }, studio);
    expect(h.library.store.getScript(calm.id)?.emotion).toBe('neutral');

    const cues = answerCuesInstantly(h, stage);
    await h.handle('stage.attach', { role: 'program' }, stage);
    expect(((await h.handle('playout.goLive', {}, studio)) as PlayoutState).status).toBe('on-air');

    const scriptOf = () => new Map(h.library.store.asRunTail(200).map((e) => [e.lineId, e.scriptId]));
    const others = () => cues.filter((c) => ![excited.id, calm.id].includes(scriptOf().get(c.lineId) ?? ''));
    await waitFor(() => others().length >= 1 && cues.some((c) => scriptOf().get(c.lineId) === calm.id), 45_000);
    await h.handle('playout.stop', {}, studio);

    const lines = scriptOf();
    const ofExcited = cues.filter((c) => lines.get(c.lineId) === excited.id);
    const ofCalm = cues.filter((c) => lines.get(c.lineId) === calm.id);
    expect(ofExcited.length).toBeGreaterThanOrEqual(1);
    expect(ofCalm.length).toBeGreaterThanOrEqual(1);
    for (const c of ofExcited) expect(c.emotion).toBe('excited');
    for (const c of ofCalm) expect(c.emotion).toBe('neutral');
    // A script without an emotion sends none: the stage keeps its own default (a smile, cues carried over).
    for (const c of others()) expect(c).not.toHaveProperty('emotion');
  });
});
