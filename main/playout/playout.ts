import type { EventPayload, HostEvent, PlayoutState, StageReport, StageRole } from '../../shared/api';
import type { AsRunEntry, LibrarySnapshot, Locale } from '../../shared/domain';
import type { Utterance } from '../speech/engine';
import { createRundown, START_POSITION, type RundownLine, type RundownPosition, type RundownProblem } from './rundown';

/** What playout needs from the library (the SQLite store implements it). */
export interface PlayoutLibrary {
  snapshot(): LibrarySnapshot;
  asRunInsert(entry: Omit<AsRunEntry, 'id'>): number;
  asRunUpdate(id: number, patch: Partial<Omit<AsRunEntry, 'id'>>): void;
  /** Persisted on-air state, so a restart comes back on air where it was. */
  loadOnAir(): { onAir: boolean; position: RundownPosition | null };
  saveOnAir(onAir: boolean, position: RundownPosition | null): void;
}

/** What playout needs from speech. */
export interface PlayoutSpeech {
  render(req: { text: string; locale: Locale; voice: string | null; rate: number; pitch: number; engine: string }): Promise<{
    audioId: string;
    utterance: Utterance;
    cacheHit: boolean;
  }>;
}

export interface PlayoutClock {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: PlayoutClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(t);
  },
};

export interface PlayoutOptions {
  library: PlayoutLibrary;
  speech: PlayoutSpeech;
  emit: <E extends HostEvent>(event: E, payload: EventPayload<E>) => void;
  clock?: PlayoutClock;
  /** How many lines to keep rendered ahead of air. */
  lookahead?: number;
  /** Extra time past a line's duration before the watchdog gives up on the stage. */
  watchdogGraceMs?: number;
  /** How long the stage may take from the cue to the start of playback. */
  startGraceMs?: number;
  log?: (message: string) => void;
}

interface PreparedLine {
  lineId: string;
  line: RundownLine;
  /** The rundown position after this line, persisted when it airs. */
  positionAfter: RundownPosition;
  render: Promise<{ audioId: string; utterance: Utterance; cacheHit: boolean } | { error: string }>;
  ready: boolean;
}

interface OnAirLine {
  prepared: PreparedLine;
  asRunId: number;
  entry: AsRunEntry;
  durationMs: number;
  cancelWatchdog: () => void;
}

const RETRY_WHEN_IDLE_MS = 5_000;

/**
 * The playout engine: from plan + clock + stage reports it decides what goes on air next, keeps a
 * lookahead of rendered lines, cues the program stage, and writes the as-run log.
 */
export function createPlayout(opts: PlayoutOptions) {
  const clock = opts.clock ?? systemClock;
  const lookaheadSize = opts.lookahead ?? 3;
  const grace = opts.watchdogGraceMs ?? 2_000;
  const startGrace = opts.startGraceMs ?? 15_000;
  const log = opts.log ?? (() => {});

  let status: PlayoutState['status'] = 'off-air';
  let since = clock.now();
  let problem: PlayoutState['problem'] = null;
  let rundown = createRundown(clock.now());
  let queue: PreparedLine[] = [];
  let onAir: OnAirLine | null = null;
  let cancelPending: (() => void) | null = null;
  let lineCounter = 0;
  /** Incremented on every go-live/stop so stale async work can tell it is stale. */
  let generation = 0;
  const stages = new Map<string, StageRole>();

  const programStage = (): string | null => {
    for (const [id, role] of stages) if (role === 'program') return id;
    return null;
  };

  function state(): PlayoutState {
    const cur = onAir;
    return {
      status,
      since,
      current: cur
        ? {
            lineId: cur.prepared.lineId,
            text: cur.prepared.line.text,
            scriptId: cur.prepared.line.script.id,
            scriptTitle: cur.prepared.line.script.title,
            productId: cur.prepared.line.product?.id ?? null,
            playlistId: cur.prepared.line.playlistId,
            blockId: cur.prepared.line.blockId,
            startedAt: cur.entry.startedAt,
            durationMs: cur.durationMs,
          }
        : null,
      next: queue.map((p) => ({ lineId: p.lineId, text: p.line.text, ready: p.ready })),
      waitingForStage: status === 'on-air' && programStage() === null,
      problem,
    };
  }

  const publish = (): void => opts.emit('playout.state', state());

  function setStatus(next: PlayoutState['status']): void {
    if (status !== next) {
      status = next;
      since = clock.now();
    }
    publish();
  }

  function setProblem(p: RundownProblem | null): void {
    const next = p ? { code: p.code, detail: p.detail } : null;
    if (JSON.stringify(next) !== JSON.stringify(problem)) {
      problem = next;
      if (p) log(`playout: ${p.code}: ${p.detail}`);
    }
  }

  function fillLookahead(): void {
    const library = opts.library.snapshot();
    const settings = library.settings;
    while (queue.length < lookaheadSize) {
      const { line, problems } = rundown.next(library, clock.now());
      if (problems.length > 0) setProblem(problems[problems.length - 1]!);
      if (!line) break;
      if (problems.length === 0) setProblem(null);
      const lineId = `${Date.now().toString(36)}-${(lineCounter++).toString(36)}`;
      const prepared: PreparedLine = {
        lineId,
        line,
        positionAfter: rundown.position(),
        ready: false,
        render: opts.speech
          .render({
            text: line.text,
            locale: settings.locale,
            voice: settings.speech.voice,
            rate: settings.speech.rate,
            pitch: settings.speech.pitch,
            engine: settings.speech.engine,
          })
          .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) })),
      };
      void prepared.render.then(() => {
        prepared.ready = true;
        publish();
      });
      queue.push(prepared);
    }
  }

  function schedule(fn: () => void, ms: number): void {
    cancelPending?.();
    cancelPending = clock.setTimer(() => {
      cancelPending = null;
      fn();
    }, ms);
  }

  /** Cue the next line on the program stage. */
  async function cueNext(): Promise<void> {
    const gen = generation;
    if (status !== 'on-air' && status !== 'starting') return;
    if (!programStage()) {
      publish();
      return; // stage.attach will call us again
    }
    fillLookahead();
    const prepared = queue.shift();
    if (!prepared) {
      publish();
      schedule(() => void cueNext(), RETRY_WHEN_IDLE_MS);
      return;
    }
    const plannedAt = clock.now();
    const rendered = await prepared.render;
    if (gen !== generation) return;
    fillLookahead();
    const settings = opts.library.snapshot().settings;
    const base: Omit<AsRunEntry, 'id'> = {
      lineId: prepared.lineId,
      plannedAt,
      startedAt: null,
      endedAt: null,
      blockId: prepared.line.blockId,
      playlistId: prepared.line.playlistId,
      scriptId: prepared.line.script.id,
      text: prepared.line.text,
      engine: 'error' in rendered ? settings.speech.engine : rendered.utterance.engine,
      voice: 'error' in rendered ? settings.speech.voice : rendered.utterance.voice,
      cacheHit: 'error' in rendered ? false : rendered.cacheHit,
      outcome: 'error' in rendered ? 'failed' : 'on-air',
      note: 'error' in rendered ? `speech failed: ${rendered.error}` : null,
    };
    const asRunId = opts.library.asRunInsert(base);
    const entry: AsRunEntry = { id: asRunId, ...base };
    opts.library.saveOnAir(true, prepared.positionAfter);
    if ('error' in rendered) {
      log(`playout: ${base.note}`);
      opts.emit('asrun.changed', entry);
      schedule(() => void cueNext(), 1_000);
      return;
    }
    const durationMs = rendered.utterance.durationMs;
    onAir = { prepared, asRunId, entry, durationMs, cancelWatchdog: () => {} };
    setStatus('on-air');
    opts.emit('asrun.changed', entry);
    opts.emit('stage.cue', {
      lineId: prepared.lineId,
      text: prepared.line.text,
      audioId: rendered.audioId,
      durationMs,
      track: rendered.utterance.track,
      cues: prepared.line.cues,
      productId: prepared.line.product?.id ?? null,
    });
    const current = onAir;
    // First deadline: the stage must start the line (fetch + decode + first frame); a freshly
    // opened stage can take seconds. The end deadline is armed when it reports the start.
    current.cancelWatchdog = clock.setTimer(() => {
      if (onAir !== current) return;
      finish('timeout', `stage did not start the line within ${startGrace} ms`);
    }, startGrace);
  }

  function armEndWatchdog(line: OnAirLine): void {
    line.cancelWatchdog();
    line.cancelWatchdog = clock.setTimer(() => {
      if (onAir !== line) return;
      finish('timeout', `stage did not report the end within ${line.durationMs + grace} ms of the start`);
    }, Math.ceil(line.durationMs + grace));
  }

  function update(line: OnAirLine, patch: Partial<Omit<AsRunEntry, 'id'>>): void {
    opts.library.asRunUpdate(line.asRunId, patch);
    line.entry = { ...line.entry, ...patch };
    opts.emit('asrun.changed', line.entry);
  }

  /** Close the current line with an outcome and cue the next one after the gap. */
  function finish(outcome: AsRunEntry['outcome'], note: string | null): void {
    const line = onAir;
    if (!line) return;
    line.cancelWatchdog();
    onAir = null;
    update(line, { outcome, endedAt: clock.now(), note });
    if (outcome === 'timeout') log(`playout: watchdog: ${note}`);
    publish();
    if (status === 'on-air') {
      const settings = opts.library.snapshot().settings;
      schedule(() => void cueNext(), settings.lineGapMs + line.prepared.line.pauseAfterMs);
    }
  }

  return {
    state,

    goLive(): PlayoutState {
      if (status === 'on-air' || status === 'starting') return state();
      generation++;
      const saved = opts.library.loadOnAir();
      rundown = createRundown(clock.now(), saved.position ?? START_POSITION);
      queue = [];
      setStatus('starting');
      opts.library.saveOnAir(true, saved.position);
      fillLookahead();
      setStatus('on-air');
      void cueNext();
      return state();
    },

    /** After a restart: come back on air if the merchant left it on air. */
    resumeIfOnAir(): boolean {
      if (!opts.library.loadOnAir().onAir) return false;
      this.goLive();
      return true;
    },

    stop(): PlayoutState {
      if (status === 'off-air') return state();
      generation++;
      setStatus('stopping');
      cancelPending?.();
      cancelPending = null;
      const line = onAir;
      onAir = null;
      if (line) {
        line.cancelWatchdog();
        update(line, { outcome: 'interrupted', endedAt: clock.now(), note: 'stopped by the operator' });
      }
      queue = [];
      opts.library.saveOnAir(false, null);
      opts.emit('stage.halt', { reason: 'stop' });
      setProblem(null);
      setStatus('off-air');
      return state();
    },

    stageAttached(stageId: string, role: StageRole): void {
      const hadProgram = programStage() !== null;
      stages.set(stageId, role);
      if (role === 'program' && !hadProgram && status === 'on-air' && !onAir) void cueNext();
      else publish();
    },

    stageDetached(stageId: string): void {
      const role = stages.get(stageId);
      stages.delete(stageId);
      if (role === 'program' && !programStage() && onAir) finish('interrupted', 'the stage was closed');
      publish();
    },

    report(report: StageReport): void {
      if (stages.get(report.stageId) !== 'program') return; // previews don't drive the rundown
      const line = onAir;
      if (!line || line.prepared.lineId !== report.lineId) return; // stale report
      if (report.kind === 'started') {
        if (line.entry.startedAt === null) {
          update(line, { startedAt: clock.now() });
          armEndWatchdog(line);
          publish();
        }
      } else if (report.kind === 'ended') {
        finish('aired', null);
      } else {
        finish('failed', `stage: ${report.detail ?? 'playback failed'}`);
      }
    },

    close(): void {
      generation++;
      cancelPending?.();
      onAir?.cancelWatchdog();
    },
  };
}

export type Playout = ReturnType<typeof createPlayout>;
