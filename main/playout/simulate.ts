import type { StageCue } from '../../shared/api';
import type { AsRunEntry, LibrarySnapshot } from '../../shared/domain';
import { blockAt, nextChange, slotKey } from '../../shared/plan';
import { checkPlan, type PlanProblem } from '../../shared/plan-check';
import { createPlayout, type PlayoutLibrary, type PlayoutSpeech, type RenderResult } from './playout';
import { createSimClock } from './sim-clock';

export interface SimulationOptions {
  library: LibrarySnapshot;
  /** Real speech (the system engine with its cache); each distinct line is rendered once and reused. */
  speech: PlayoutSpeech;
  days: number;
  /** Epoch ms where the simulation starts (default: next local midnight of the plan is not needed; now). */
  start: number;
  seed?: number;
  /** Clock jumps to inject: at simulated offset (ms from start), jump by ms (positive = sleep/wake). */
  clockJumps?: Array<{ atMs: number; byMs: number }>;
}

export interface SimulationReport {
  simulatedHours: number;
  linesAired: number;
  missedBlocks: number;
  maxBoundaryLatenessMs: number;
  maxGapMs: number;
  immediateRepeats: number;
  wallMs: number;
  /** Hard blocks only: worst start lateness. */
  maxHardBoundaryLatenessMs: number;
  blocks: number;
  fillers: number;
  /** Lines aired in place of a block whose playlist cannot air (the store's idle scripts or another playlist). */
  fallbackLines: number;
  inserts: number;
  distinctLines: number;
  problems: PlanProblem[];
  missed: string[];
  /** Hard blocks that started more than 100 ms late, with why it matters: where and how late. */
  lateHard: string[];
}

/** Caches each distinct line's rendering (the "pre-rendered set"): rendered once by the real engine. */
export function memoSpeech(inner: PlayoutSpeech): PlayoutSpeech & { inFlight(): number; settled(): Promise<void>; size(): number } {
  const memo = new Map<string, Promise<RenderResult>>();
  const pending = new Set<Promise<unknown>>();
  return {
    render(req) {
      const key = JSON.stringify(req);
      let p = memo.get(key);
      if (!p) {
        p = inner.render(req);
        memo.set(key, p);
        const tracked = p.catch(() => undefined).finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
      return p;
    },
    inFlight: () => pending.size,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    size: () => memo.size,
  };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Runs the real playout over `days` of simulated time with a simulated stage that plays each
 * utterance for its real duration and reports started/ended. Speech takes no simulated time.
 */
export async function simulate(opts: SimulationOptions): Promise<SimulationReport> {
  const wall = Date.now();
  const sim = createSimClock(opts.start);
  const end = opts.start + opts.days * 86_400_000;
  const speech = memoSpeech(opts.speech);
  const asRun: AsRunEntry[] = [];
  const library: PlayoutLibrary = {
    snapshot: () => opts.library,
    asRunInsert(entry) {
      asRun.push({ id: asRun.length + 1, ...entry });
      return asRun.length;
    },
    asRunUpdate(id, patch) {
      const e = asRun[id - 1];
      if (e) asRun[id - 1] = { ...e, ...patch };
    },
    loadOnAir: () => ({ onAir: false, position: null }),
    saveOnAir: () => {},
  };
  const cueInfo = new Map<string, { kind: string; slot: string | null; scriptId: string; lineIndex: number; pauseAfterMs: number }>();
  let playout: ReturnType<typeof createPlayout> | null = null;
  const stageId = 'sim-stage';
  playout = createPlayout({
    library,
    speech,
    clock: sim.clock,
    seed: opts.seed ?? 7,
    wait: () => new Promise<void>(() => {}), // speech takes no simulated time: never give up on a render
    onCue: (info) => cueInfo.set(info.lineId, info),
    emit: (event, payload) => {
      if (event !== 'stage.cue') return;
      const cue = payload as StageCue;
      // The simulated stage starts at once and ends after the utterance's real duration.
      playout?.report({ stageId, lineId: cue.lineId, kind: 'started' });
      sim.clock.setTimer(() => playout?.report({ stageId, lineId: cue.lineId, kind: 'ended' }), cue.durationMs);
    },
  });
  playout.stageAttached(stageId, 'program');
  const jumps = [...(opts.clockJumps ?? [])].sort((a, b) => a.atMs - b.atMs);
  const jumpedAt: number[] = [];
  playout.goLive();
  for (;;) {
    await flush();
    if (speech.inFlight() > 0) {
      await speech.settled();
      await flush();
    }
    const jump = jumps[0];
    if (jump && sim.clock.now() >= opts.start + jump.atMs) {
      jumps.shift();
      jumpedAt.push(sim.clock.now());
      sim.jump(jump.byMs);
    }
    if (!sim.step(end)) break;
  }
  playout.stop();
  playout.close();

  // --- measure ---------------------------------------------------------------------------------
  const plan = opts.library.plan;
  const aired = asRun.filter((e) => e.startedAt !== null && (e.outcome === 'aired' || e.outcome === 'interrupted'));
  const slots: Array<{ key: string; blockId: string; start: number; end: number; hard: boolean }> = [];
  if (plan) {
    let t = opts.start;
    while (t < end) {
      const at = blockAt(plan, t);
      const next = Math.min(end, nextChange(plan, t));
      const key = slotKey(at);
      const last = slots[slots.length - 1];
      if (at && key) {
        if (last && last.key === key && last.end === t) last.end = next;
        else slots.push({ key, blockId: at.block.id, start: t, end: next, hard: at.block.startMode === 'hard' });
      }
      t = next;
    }
  }
  let maxLate = 0;
  let maxHardLate = 0;
  const missed: string[] = [];
  const lateHard: string[] = [];
  let i = 0;
  for (const slot of slots) {
    while (i < aired.length && aired[i]!.startedAt! < slot.start) i++;
    const first = aired.slice(i).find((e) => cueInfo.get(e.lineId)?.slot === slot.key);
    if (!first || first.startedAt! >= slot.end) {
      if (slot.end - slot.start > 60_000) missed.push(`${slot.key} (${new Date(slot.start).toISOString()})`);
      continue;
    }
    // The start of the simulation is not a boundary.
    if (slot.start === opts.start) continue;
    const late = first.startedAt! - slot.start;
    maxLate = Math.max(maxLate, late);
    if (slot.hard) maxHardLate = Math.max(maxHardLate, late);
    if (slot.hard && late > 100) lateHard.push(`${slot.key} ${late} ms (${new Date(slot.start).toISOString()})`);
  }
  let maxGap = 0;
  let repeats = 0;
  let prevScript: { slot: string | null; scriptId: string } | null = null;
  const lineGap = opts.library.settings.lineGapMs;
  for (let k = 1; k < aired.length; k++) {
    const a = aired[k - 1]!;
    const b = aired[k]!;
    const info = cueInfo.get(a.lineId);
    const infoB = cueInfo.get(b.lineId);
    // Gaps only count while the plan has something on air between the two lines.
    if (a.endedAt === null || infoB?.slot === null || info?.slot === null) continue;
    // The machine slept (an injected clock jump): that silence is not the playout's.
    if (jumpedAt.some((t) => t >= a.startedAt! && t <= b.startedAt!)) continue;
    const scripted = a.outcome === 'interrupted' ? 0 : lineGap + (info?.pauseAfterMs ?? 0);
    maxGap = Math.max(maxGap, b.startedAt! - a.endedAt - scripted);
  }
  for (const e of aired) {
    const info = cueInfo.get(e.lineId);
    if (!info || info.kind !== 'rundown' || info.lineIndex !== 0) continue;
    const playlistItems = opts.library.playlists.find((p) => p.id === e.playlistId)?.items.length ?? 0;
    if (prevScript && prevScript.slot === info.slot && prevScript.scriptId === info.scriptId && playlistItems > 1) repeats++;
    prevScript = { slot: info.slot, scriptId: info.scriptId };
  }
  return {
    simulatedHours: Math.round((end - opts.start) / 3_600_000),
    linesAired: aired.filter((e) => e.outcome === 'aired').length,
    missedBlocks: missed.length,
    maxBoundaryLatenessMs: Math.round(maxLate),
    maxGapMs: Math.round(maxGap),
    immediateRepeats: repeats,
    wallMs: Date.now() - wall,
    maxHardBoundaryLatenessMs: Math.round(maxHardLate),
    blocks: slots.length,
    fillers: asRun.filter((e) => e.note?.startsWith('filler')).length,
    fallbackLines: aired.filter((e) => e.note?.startsWith('fallback')).length,
    inserts: [...cueInfo.values()].filter((c) => c.kind === 'insert').length,
    distinctLines: speech.size(),
    problems: checkPlan(plan, opts.library),
    missed,
    lateHard,
  };
}
