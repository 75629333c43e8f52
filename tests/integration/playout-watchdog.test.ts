import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageCue } from '../../shared/api';
import { openLibrary, type OpenedLibrary } from '../../main/library/open-library';
import { createPlayout, type PlayoutLibrary } from '../../main/playout/playout';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';
import { manualClock } from '../support/manual-clock';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('playout watchdog and stage reports (simulated clock, real store and speech)', () => {
  let lib: OpenedLibrary | null = null;
  afterEach(() => lib?.close());

  function setup() {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-playout-'));
    lib = openLibrary({ dataDir, locale: 'zh-CN', seedsDir });
    const store = lib.store;
    const library: PlayoutLibrary = {
      snapshot: () => store.snapshot(),
      asRunInsert: (e) => store.asRunInsert(e),
      asRunUpdate: (id, p) => void store.asRunUpdate(id, p),
      loadOnAir: () => ({ onAir: false, position: null }),
      saveOnAir: () => {},
    };
    const speech = createSpeechService({ cacheDir: join(dataDir, 'speech-cache'), engines: [createSystemEngine()] });
    const time = manualClock();
    const cues: StageCue[] = [];
    const reloads: string[] = [];
    const playout = createPlayout({
      library,
      clock: time.clock,
      speech: { render: (r) => speech.render(r, { engineId: r.engine }) },
      emit: (event, payload) => {
        if (event === 'stage.cue') cues.push(payload as StageCue);
        if (event === 'stage.reload') reloads.push((payload as { lineId: string }).lineId);
      },
    });
    return { store, playout, time, cues, reloads };
  }

  it('gives up on a stage that never starts the line, logs a timeout, and moves on', async () => {
    const { store, playout, time, cues, reloads } = setup();
    playout.stageAttached('stage', 'program');
    playout.goLive();
    await until(() => cues.length === 1);
    time.advance(14_000);
    expect(reloads).toEqual([]);
    expect(store.asRunTail(1)[0]!.outcome).toBe('on-air');
    time.advance(1_500); // past the 15 s start deadline
    const first = store.asRunTail(5).find((e) => e.lineId === cues[0]!.lineId);
    expect(first).toMatchObject({ outcome: 'timeout' });
    expect(reloads).toEqual([cues[0]!.lineId]); // the stage is asked to reload, and the rundown moves on
    time.advance(1_000); // the gap between lines
    await until(() => cues.length === 2);
    expect(cues[1]!.lineId).not.toBe(cues[0]!.lineId);
    playout.stop();
  });

  it('gives a started line its duration plus 2 s before the watchdog fires', async () => {
    const { store, playout, time, cues } = setup();
    playout.stageAttached('stage', 'program');
    playout.goLive();
    await until(() => cues.length === 1);
    const cue = cues[0]!;
    playout.report({ stageId: 'stage', lineId: cue.lineId, kind: 'started' });
    time.advance(Math.ceil(cue.durationMs) + 1_900);
    expect(store.asRunTail(1)[0]!.outcome).toBe('on-air');
    time.advance(200);
    expect(store.asRunTail(1)[0]!.outcome).toBe('timeout');
    playout.stop();
  });

  it('ignores reports from preview stages and for lines that are not on air', async () => {
    const { store, playout, time, cues } = setup();
    playout.stageAttached('program', 'program');
    playout.stageAttached('preview', 'preview');
    playout.goLive();
    await until(() => cues.length === 1);
    const cue = cues[0]!;
    playout.report({ stageId: 'preview', lineId: cue.lineId, kind: 'ended' });
    playout.report({ stageId: 'program', lineId: 'some-old-line', kind: 'ended' });
    expect(store.asRunTail(1)[0]!.outcome).toBe('on-air');
    playout.report({ stageId: 'program', lineId: cue.lineId, kind: 'started' });
    time.advance(Math.ceil(cue.durationMs));
    playout.report({ stageId: 'program', lineId: cue.lineId, kind: 'ended' });
    expect(store.asRunTail(1)[0]).toMatchObject({ outcome: 'aired', text: cue.text });
    // The next line follows after the configured gap (400 ms in the demo store), not before.
    time.advance(350);
    await new Promise((r) => setTimeout(r, 50));
    expect(cues.length).toBe(1);
    time.advance(100 + 10_000);
    await until(() => cues.length === 2);
    playout.stop();
  });

  it('marks the line interrupted when the program stage closes mid-line', async () => {
    const { store, playout, cues } = setup();
    playout.stageAttached('program', 'program');
    playout.goLive();
    await until(() => cues.length === 1);
    playout.stageDetached('program');
    expect(store.asRunTail(1)[0]).toMatchObject({ outcome: 'interrupted', note: 'the stage was closed' });
    expect(playout.state().waitingForStage).toBe(true);
    playout.stop();
  });
});
