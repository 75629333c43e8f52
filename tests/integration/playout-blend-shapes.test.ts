import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StageCueSchema, type StageCue } from '../../shared/api';
import { BLEND_SHAPE_COUNT } from '../../shared/blend-shapes';
import { openLibrary, type OpenedLibrary } from '../../main/library/open-library';
import { createPlayout, type PlayoutSpeech } from '../../main/playout/playout';
import { storePlayoutLibrary } from '../../main/playout/store-library';
import { createAzureEngine } from '../../main/speech/azure-engine';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';
import { startAzureFake, type AzureFake } from '../support/azure-fake';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Azure blend-shape frames reach the stage cue (real store, playout, Azure SDK against a local service)', () => {
  let fake: AzureFake | null = null;
  let lib: OpenedLibrary | null = null;
  afterEach(async () => {
    lib?.close();
    lib = null;
    await fake?.close();
    fake = null;
  });

  it('a line rendered by Azure goes on air with its 60 fps, 55-value frames; a system-voice line without', { timeout: 60_000 }, async () => {
    const f = await startAzureFake();
    fake = f;
    const speech = createSpeechService({
      cacheDir: mkdtempSync(join(tmpdir(), 'stagehost-bs-cache-')),
      engines: [createAzureEngine({ getCredentials: async () => ({ key: f.key, endpoint: f.wsUrl, restBase: f.restBase }) }), createSystemEngine()],
    });
    let engine: 'azure' | 'system' = 'azure';
    const port: PlayoutSpeech = {
      render: (r) => speech.render({ text: r.text, locale: r.locale, voice: null, rate: r.rate, pitch: r.pitch }, { engineId: engine }),
    };
    const opened = openLibrary({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-bs-')), locale: 'zh-CN', seedsDir });
    lib = opened;
    const cues: StageCue[] = [];
    const playout = createPlayout({
      library: storePlayoutLibrary(opened.store),
      speech: port,
      seed: 5,
      emit: (event, payload) => {
        if (event !== 'stage.cue') return;
        const cue = payload as StageCue;
        cues.push(cue);
        setTimeout(() => {
          playout.report({ stageId: 'stage', lineId: cue.lineId, kind: 'started' });
          setTimeout(() => playout.report({ stageId: 'stage', lineId: cue.lineId, kind: 'ended' }), 10);
        }, 5);
      },
    });
    playout.stageAttached('stage', 'program');
    playout.goLive();
    await waitFor(() => cues.length >= 1, 30_000);
    engine = 'system';
    playout.stop();

    const cue = cues[0]!;
    // What the stage receives parses against the contract, frames included.
    const parsed = StageCueSchema.parse(JSON.parse(JSON.stringify(cue)));
    expect(parsed.blendShapes?.fps).toBe(60);
    const frames = parsed.blendShapes?.frames ?? [];
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.every((fr) => fr.length === BLEND_SHAPE_COUNT)).toBe(true);
    expect(f.received.some((r) => r.ssml.includes('FacialExpression'))).toBe(true);

    // The contract bounds the frames: a cue with an absurd frame count or width is refused.
    expect(StageCueSchema.safeParse({ ...parsed, blendShapes: { fps: 60, frames: [new Array(100).fill(0)] } }).success).toBe(false);
    expect(StageCueSchema.safeParse({ ...parsed, blendShapes: { fps: 0, frames: [] } }).success).toBe(false);
    const { blendShapes: _omit, ...withoutFrames } = parsed;
    expect(StageCueSchema.safeParse(withoutFrames).success).toBe(true);

    // A system-voice line carries no frames.
    const system = await port.render({ text: '欢迎来到直播间', locale: 'zh-CN', voice: null, rate: 1, pitch: 1, engine: 'system' });
    expect(system.utterance.blendShapes).toBeUndefined();
  });
});
