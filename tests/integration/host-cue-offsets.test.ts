import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StageCueSchema, type PlayoutState } from '../../shared/api';
import { cueTimesMs } from '../../shared/cue-timing';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { answerCuesInstantly, testStage, waitFor } from '../support/instant-stage';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage = testStage;

describe('host: a cue written inside a line reaches the stage with where it was written', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('sends the cue offsets with the line, and they land on the spoken word after the cue', { timeout: 60_000 }, async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-cue-offsets-')), locale: 'en-US', seedsDir, log: () => {} });
    const h = host;
    const cues = answerCuesInstantly(h, stage);
    await h.handle('stage.attach', { role: 'program' }, stage);
    expect(((await h.handle('playout.goLive', {}, studio)) as PlayoutState).status).toBe('on-air');
    await h.handle('playout.insert', { source: { text: 'Only today, the summer dress costs $19.99 [point] so please grab it now [wave]' }, at: 'now' }, studio);
    const spoken = 'Only today, the summer dress costs $19.99 so please grab it now';
    await waitFor(() => cues.some((c) => c.text === spoken), 45_000);
    await h.handle('playout.stop', {}, studio);

    const cue = cues.find((c) => c.text === spoken)!;
    expect(StageCueSchema.safeParse(cue).success).toBe(true);
    expect(cue.cues).toEqual(['point', 'wave']);
    expect(cue.cueAt).toEqual([spoken.indexOf(' so') + 1, spoken.length]);
    // On the real voice's words (the price said as several words): the point comes with "so".
    const words = cue.track.words;
    const so = words.find((w) => w.text.toLowerCase() === 'so');
    expect(so).toBeDefined();
    const [point, wave] = cueTimesMs(cue.text, cue.cueAt!, cue.track);
    expect(point).toBe(so!.t);
    const last = words.at(-1)!;
    expect(wave).toBe(Math.max(0, last.t + last.d - 250));
    // Lines from scripts without cues carry no offsets; cues from before the change still parse.
    for (const c of cues.filter((c) => c.cues.length === 0)) expect(c).not.toHaveProperty('cueAt');
    const { cueAt: _cueAt, ...old } = cue;
    expect(StageCueSchema.safeParse(old).success).toBe(true);
  });
});
