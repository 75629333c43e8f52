import { STAGE_CUE_MAX_CUES, type EventPayload, type HostEvent, type PlayoutState, type StageReport, type StageRole } from '../../shared/api';
import type { AsRunEntry, LibrarySnapshot, Locale, Plan, PlayoutRule, RuleSource } from '../../shared/domain';
import { blockAt, localDateTime, nextChange } from '../../shared/plan';
import type { Utterance } from '../speech/engine';
import { createRundown, linesOfSource, resolveSlot, START_POSITION, type Rundown, type RundownLine, type RundownPosition, type RundownProblem } from './rundown';

/** Rule state kept across a restart: when each interval rule is next due, the last welcomed block occurrence, the last clock call. */
export interface RuleMemory {
  intervalDue: Record<string, number>;
  /** The block occurrence (slot) whose welcome has aired. */
  welcomedSlot: string | null;
  lastClockCall: number;
}

/** What playout needs from the library (the SQLite store implements it). */
export interface PlayoutLibrary {
  snapshot(): LibrarySnapshot;
  asRunInsert(entry: Omit<AsRunEntry, 'id'>): number;
  asRunUpdate(id: number, patch: Partial<Omit<AsRunEntry, 'id'>>): void;
  /** Persisted on-air state, so a restart comes back on air where it was. */
  loadOnAir(): { onAir: boolean; position: RundownPosition | null; paused?: boolean; rules?: RuleMemory };
  saveOnAir(onAir: boolean, position: RundownPosition | null, paused?: boolean, rules?: RuleMemory): void;
}

export type RenderResult = { audioId: string; utterance: Utterance; cacheHit: boolean };

/** What playout needs from speech. */
export interface PlayoutSpeech {
  render(req: { text: string; locale: Locale; voice: string | null; rate: number; pitch: number; engine: string }): Promise<RenderResult>;
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
  /** How many lines to keep rendered ahead of air (default 3)… */
  lookahead?: number;
  /** …or at least this much audio ahead, whichever is more (default 45 s). */
  lookaheadMs?: number;
  /** Extra time past a line's duration before the watchdog gives up on the stage. */
  watchdogGraceMs?: number;
  /** How long the stage may take from the cue to the start of playback. */
  startGraceMs?: number;
  /** How long (real time) to wait for a line that is still rendering before airing a filler instead. */
  fillerWaitMs?: number;
  /** Real-time wait (injectable for simulations where rendering is instant). */
  wait?: (ms: number) => Promise<void>;
  /** Seed for variants and shuffles (default: the clock). */
  seed?: number;
  /** Told about every line as it is cued (simulations and diagnostics). */
  onCue?: (info: { lineId: string; kind: 'rundown' | 'insert' | 'filler'; slot: string | null; scriptId: string; lineIndex: number; pauseAfterMs: number; at: number }) => void;
  log?: (message: string) => void;
}

type Rendered = RenderResult | { error: string };

interface PreparedLine {
  lineId: string;
  line: RundownLine;
  kind: 'rundown' | 'insert' | 'filler';
  /** Rundown lines: the position before and after this line. */
  positionBefore: RundownPosition | null;
  positionAfter: RundownPosition | null;
  render: Promise<Rendered>;
  result: Rendered | null;
  note: string | null;
  /** The first line of a welcome: the slot it welcomes. */
  welcomeFor?: string;
}

interface PendingInsert {
  id: number;
  /** 3 operator, 2 rule. */
  priority: number;
  dueAt: number;
  lines: PreparedLine[];
  /** Interrupt the line on air as soon as the first line is ready. */
  now: boolean;
  ruleId: string | null;
  label: string;
}

interface OnAirLine {
  prepared: PreparedLine;
  asRunId: number;
  entry: AsRunEntry;
  durationMs: number;
  cancelWatchdog: () => void;
}

export interface InsertRequest {
  source: RuleSource;
  /** 'boundary' (default): after the line on air; 'now': cut the line on air. */
  at?: 'boundary' | 'now';
}

const RETRY_WHEN_IDLE_MS = 5_000;
/** Re-check the plan at least this often, so clock jumps (sleep/wake, NTP) are noticed. */
const TICK_MS = 10_000;
const FILLER_POOL = 12;

/** Where in the line each cue was written, for the stage cue (only when there is one offset per cue). */
function cueOffsets(line: RundownLine): { cueAt?: number[] } {
  const at = line.cueAt;
  return at && at.length === line.cues.length && at.length > 0 && at.length <= STAGE_CUE_MAX_CUES ? { cueAt: at } : {};
}

function realWait(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const planKeys = new WeakMap<Plan, string>();
/** The plan as a string, to notice edits (cached per plan object). */
function planKey(plan: Plan): string {
  let k = planKeys.get(plan);
  if (k === undefined) {
    k = JSON.stringify(plan);
    planKeys.set(plan, k);
  }
  return k;
}

const fingerprints = new WeakMap<LibrarySnapshot, string>();
function fingerprint(library: LibrarySnapshot): string {
  let f = fingerprints.get(library);
  if (f === undefined) {
    f = JSON.stringify([library.plan, library.playlists, library.scripts, library.products]);
    fingerprints.set(library, f);
  }
  return f;
}

/**
 * The playout engine: from plan + clock + operator actions + stage reports it decides what goes on
 * air next, keeps a lookahead of rendered lines, cues the program stage, and writes the as-run log.
 * Priorities at each line boundary: emergency stop > operator insert > rule insert > rundown.
 */
export function createPlayout(opts: PlayoutOptions) {
  const clock = opts.clock ?? systemClock;
  const lookaheadSize = opts.lookahead ?? 3;
  const lookaheadMs = opts.lookaheadMs ?? 45_000;
  const grace = opts.watchdogGraceMs ?? 2_000;
  const startGrace = opts.startGraceMs ?? 15_000;
  const fillerWaitMs = opts.fillerWaitMs ?? 400;
  const wait = opts.wait ?? realWait;
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? clock.now();

  let status: PlayoutState['status'] = 'off-air';
  let since = clock.now();
  let problem: PlayoutState['problem'] = null;
  let paused = false;
  let pauseAtBoundary = false;
  let rundown = createRundown(seed);
  let queue: PreparedLine[] = [];
  let queuedFingerprint = '';
  let inserts: PendingInsert[] = [];
  let insertCounter = 0;
  let onAir: OnAirLine | null = null;
  /** True between picking a line and cueing it (awaiting its render). */
  let cueing = false;
  let cancelPending: (() => void) | null = null;
  let cancelBoundary: (() => void) | null = null;
  let boundaryAt: number | null = null;
  let changeCache: { key: string; from: number; at: number } | null = null;
  let lineCounter = 0;
  let generation = 0;
  let lastPosition: RundownPosition | null = null;
  const fillers: PreparedLine[] = [];
  const stages = new Map<string, StageRole>();
  /** Rule state: interval next due, clock last call, welcome last slot. */
  const intervalDue = new Map<string, number>();
  let lastClockCall = 0;
  /** The slot whose welcome was queued (so it is queued once), and the slot whose welcome has aired (persisted). */
  let welcomedSlot: string | null = null;
  let welcomeAired: string | null = null;
  let slotNow: string | null = null;
  /**
   * The first lines of the next block, rendered before it starts (so a hard start airs the block's own
   * lines at its second, not a filler): the slot they belong to, when it starts, the library they were
   * made from, and the rundown standing after them.
   */
  let nextBlock: { slot: string; at: number; fingerprint: string; rundown: Rundown; lines: PreparedLine[] } | null = null;

  const ruleMemory = (): RuleMemory => ({ intervalDue: Object.fromEntries(intervalDue), welcomedSlot: welcomeAired, lastClockCall });
  /** Persists the on-air state with the rundown position and the rule state. */
  const persist = (onAirFlag: boolean, pausedFlag: boolean): void => opts.library.saveOnAir(onAirFlag, lastPosition, pausedFlag, ruleMemory());

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
      next: [...inserts.flatMap((i) => i.lines), ...queue].map((p) => ({ lineId: p.lineId, text: p.line.text, ready: p.result !== null })),
      waitingForStage: status === 'on-air' && programStage() === null,
      problem,
      paused,
      pendingInserts: inserts.filter((i) => i.priority >= 3).length,
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

  function prepare(line: RundownLine, kind: PreparedLine['kind'], before: RundownPosition | null, after: RundownPosition | null): PreparedLine {
    const settings = opts.library.snapshot().settings;
    const prepared: PreparedLine = {
      lineId: `${clock.now().toString(36)}-${(lineCounter++).toString(36)}`,
      line,
      kind,
      positionBefore: before,
      positionAfter: after,
      result: null,
      note: line.fallback ?? null,
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
    void prepared.render.then((r) => {
      prepared.result = r;
      publish();
    });
    return prepared;
  }

  const queuedMs = (): number =>
    queue.reduce((sum, p) => sum + (p.result && !('error' in p.result) ? p.result.utterance.durationMs : 3_000), 0);

  function fillLookahead(library: LibrarySnapshot): void {
    const now = clock.now();
    let last: RundownProblem | null = null;
    let pulled = false;
    while (queue.length < lookaheadSize || (queuedMs() < lookaheadMs && queue.length < lookaheadSize * 8)) {
      const before = rundown.position();
      const { line, problems } = rundown.next(library, now);
      pulled = true;
      if (problems.length > 0) last = problems[problems.length - 1]!;
      if (!line) break;
      queue.push(prepare(line, 'rundown', before, rundown.position()));
    }
    // A full queue says nothing new about the plan: the problem stands until a pulled line says otherwise.
    if (pulled) setProblem(last);
    queuedFingerprint = fingerprint(library);
    prefetchNextBlock(library, now);
  }

  /**
   * Within the lookahead window before the plan's next change, renders the first lines of the block
   * that starts there (from a rundown of its own: the current one keeps airing the current block).
   */
  function prefetchNextBlock(library: LibrarySnapshot, now: number): void {
    const plan = library.plan;
    if (status !== 'on-air' || !plan) return;
    const fp = fingerprint(library);
    if (nextBlock && (nextBlock.fingerprint !== fp || nextBlock.at <= now - lookaheadMs)) nextBlock = null;
    const change = changeCache && changeCache.key === planKey(plan) && changeCache.at > now ? changeCache.at : null;
    if (change === null || change - now > lookaheadMs) return;
    if (nextBlock && nextBlock.at === change) return;
    const ahead = resolveSlot(library, change);
    if ('problem' in ahead || ahead.slot === currentSlot(library, now).slot) return;
    const { recent, rotation } = rundown.position();
    const r = createRundown(seed + lineCounter, { ...START_POSITION, recent, rotation });
    const lines: PreparedLine[] = [];
    while (lines.length < lookaheadSize) {
      const before = r.position();
      const { line } = r.next(library, change);
      if (!line || line.slot !== ahead.slot) break;
      lines.push(prepare(line, 'rundown', before, r.position()));
    }
    nextBlock = { slot: ahead.slot, at: change, fingerprint: fp, rundown: r, lines };
    if (lines.length > 0) log(`playout: rendering ${lines.length} lines of ${ahead.slot} ahead of its start`);
  }

  /** When the queue is empty at the start of a block whose first lines were rendered ahead: takes them. */
  function adoptNextBlock(library: LibrarySnapshot, slot: string | null): void {
    const ahead = nextBlock;
    if (!ahead || ahead.slot !== slot) return;
    nextBlock = null;
    if (ahead.fingerprint !== fingerprint(library) || ahead.lines.length === 0) return;
    queue = ahead.lines;
    rundown = ahead.rundown;
    queuedFingerprint = ahead.fingerprint;
  }

  /** Throw away the rundown lines queued but not aired, rewinding the rundown to the first of them. */
  function dropQueue(): void {
    const first = queue[0];
    if (first?.positionBefore) rundown = createRundown(seed + lineCounter, first.positionBefore);
    queue = [];
  }

  function schedule(fn: () => void, ms: number): void {
    cancelPending?.();
    cancelPending = clock.setTimer(() => {
      cancelPending = null;
      fn();
    }, ms);
  }

  function currentSlot(library: LibrarySnapshot, now: number): { slot: string | null; hard: boolean } {
    const r = resolveSlot(library, now);
    return 'problem' in r ? { slot: null, hard: false } : { slot: r.slot, hard: r.hard };
  }

  /** Arms one timer at the plan's next change (re-armed from the clock every time, never chained). */
  function armBoundary(): void {
    cancelBoundary?.();
    cancelBoundary = null;
    boundaryAt = null;
    if (status !== 'on-air') return;
    const now = clock.now();
    const plan = opts.library.snapshot().plan;
    let at = now + TICK_MS;
    if (plan) {
      const key = planKey(plan);
      // Recompute when the plan changed, the change has passed, or the clock jumped back before the last computation.
      if (!changeCache || changeCache.key !== key || now >= changeCache.at || now < changeCache.from) {
        try {
          changeCache = { key, from: now, at: nextChange(plan, now, 2 * 86_400_000) };
        } catch {
          changeCache = null; // bad zone: reported by the rundown; keep ticking
        }
      }
      if (changeCache) at = Math.min(at, changeCache.at);
    }
    boundaryAt = at;
    cancelBoundary = clock.setTimer(onBoundary, Math.max(0, at - now));
  }

  function onBoundary(): void {
    cancelBoundary = null;
    if (status !== 'on-air') return;
    const library = opts.library.snapshot();
    const now = clock.now();
    // The tick also opens the next block's lookahead while a long line is on air.
    if (changeCache) prefetchNextBlock(library, now);
    const { slot, hard } = currentSlot(library, now);
    if (slot !== slotNow) {
      const previous = slotNow;
      slotNow = slot;
      if (onAir && onAir.prepared.line.slot !== slot && hard) {
        // A hard block cuts the line on air at its second.
        const line = onAir;
        line.cancelWatchdog();
        onAir = null;
        const cut = `cut by the hard start of ${slot ?? 'the gap'}`;
        update(line, { outcome: 'interrupted', endedAt: now, note: line.entry.note ? `${line.entry.note}; ${cut}` : cut });
        opts.emit('stage.halt', { reason: 'hard-cut' });
        cancelPending?.();
        cancelPending = null;
        dropQueue();
        void cueNext();
      } else if (!onAir && !cueing) {
        void cueNext();
      }
      log(`playout: plan moved from ${previous ?? 'the gap'} to ${slot ?? 'the gap'}`);
    } else if (!onAir && !cueing && !cancelPending && !paused) {
      void cueNext();
    }
    armBoundary();
  }

  function ruleLine(library: LibrarySnapshot, rule: PlayoutRule, at: number): PreparedLine[] {
    const src = linesOfSource(library, rule.source, rundown.random, at, rundown.position().recent ?? []);
    if (src.problem) setProblem({ code: 'template', detail: `rule ${rule.id}: ${src.problem}` });
    if (src.lines.length === 0 || (src.problem && src.script)) return [];
    const script = src.script ?? { id: `rule:${rule.id}`, title: rule.kind, kind: 'idle' as const, productId: null, body: '', tags: [] };
    const here = currentSlot(library, at);
    const block = library.plan ? blockAt(library.plan, at) : null;
    return src.lines.map((l, i) =>
      prepare(
        { ...l, blockId: block?.block.id ?? null, playlistId: null, script, product: src.product, lineIndex: i, slot: here.slot },
        'insert',
        null,
        null,
      ),
    );
  }

  /** Queues the rule inserts that are due within the lookahead (rendered ahead, aired when due). */
  function evaluateRules(library: LibrarySnapshot): void {
    const plan = library.plan;
    if (!plan) return;
    const now = clock.now();
    const at = (() => {
      try {
        return blockAt(plan, now);
      } catch {
        return null;
      }
    })();
    const playlistId = at?.block.playlistId ?? (plan.gap?.mode === 'idle' ? plan.gap.playlistId : null);
    if (!at && plan.gap?.mode !== 'idle') return;
    const playlist = library.playlists.find((p) => p.id === playlistId);
    const rules = [...(plan.rules ?? []), ...(playlist?.rules ?? [])];
    const pending = (id: string): boolean => inserts.some((i) => i.ruleId === id);
    const slot = currentSlot(library, now).slot;
    for (const rule of rules) {
      if (pending(rule.id)) continue;
      if (rule.kind === 'welcome') {
        if (at && slot !== welcomedSlot) {
          welcomedSlot = slot;
          const lines = ruleLine(library, rule, now);
          if (lines[0] && slot) lines[0].welcomeFor = slot;
          if (lines.length) inserts.push({ id: insertCounter++, priority: 2, dueAt: now, lines, now: false, ruleId: rule.id, label: `welcome (${rule.id})` });
        }
      } else if (rule.kind === 'clock') {
        const every = rule.everyMinutes ?? 60;
        const l = localDateTime(now, plan.timeZone);
        const intoPeriodMs = ((l.minuteOfDay % every) * 60_000);
        const thisCall = now - intoPeriodMs;
        const nextCall = thisCall + every * 60_000;
        // A call not made within 5 minutes of its time is dropped (the time would be wrong).
        let due: number | null = null;
        if (thisCall > lastClockCall && intoPeriodMs < 5 * 60_000 && lastClockCall !== 0) due = thisCall;
        else if (nextCall - now <= lookaheadMs) due = nextCall;
        if (lastClockCall === 0) lastClockCall = thisCall;
        if (due !== null && due > lastClockCall) {
          lastClockCall = due;
          const lines = ruleLine(library, rule, due);
          if (lines.length) inserts.push({ id: insertCounter++, priority: 2, dueAt: due, lines, now: false, ruleId: rule.id, label: `clock call (${rule.id})` });
        }
      } else {
        const random = rundown.random;
        const span = (): number => Math.round((rule.minMinutes + random() * Math.max(0, rule.maxMinutes - rule.minMinutes)) * 60_000);
        let due = intervalDue.get(rule.id);
        if (due === undefined) {
          due = now + span();
          intervalDue.set(rule.id, due);
        }
        if (due - now <= lookaheadMs) {
          // A due time that passed while the host was down airs now; the next one counts from now.
          intervalDue.set(rule.id, Math.max(due, now) + span());
          const lines = ruleLine(library, rule, due);
          if (lines.length) inserts.push({ id: insertCounter++, priority: 2, dueAt: due, lines, now: false, ruleId: rule.id, label: `interval (${rule.id})` });
        }
      }
    }
  }

  function takeFiller(reason: string): PreparedLine | null {
    const ready = fillers.filter((f) => f.result && !('error' in f.result));
    if (ready.length === 0) return null;
    const pick = ready[Math.floor(rundown.random() * ready.length)]!;
    const filler: PreparedLine = { ...pick, lineId: `${clock.now().toString(36)}-${(lineCounter++).toString(36)}`, kind: 'filler', positionBefore: null, positionAfter: null, note: `filler: ${reason}` };
    delete filler.welcomeFor; // a repeated welcome line does not welcome a block
    return filler;
  }

  /** The next line by priority, or null. */
  function pick(library: LibrarySnapshot): PreparedLine | null {
    const now = clock.now();
    const slot = currentSlot(library, now).slot;
    // A rule insert belongs to its block: what is left of it when the block has changed is dropped.
    inserts = inserts.filter((i) => i.priority >= 3 || i.dueAt > now || (i.lines[0]?.line.slot ?? slot) === slot);
    inserts.sort((a, b) => b.priority - a.priority || a.dueAt - b.dueAt || a.id - b.id);
    for (const ins of inserts) {
      const head = ins.lines[0];
      if (!head || ins.dueAt > now) continue;
      // Operator inserts are waited for; rule inserts only air once rendered, so they never cause silence.
      if (ins.priority < 3 && head.result === null) continue;
      ins.lines.shift();
      if (ins.lines.length === 0) inserts = inserts.filter((i) => i !== ins);
      return head;
    }
    if (queue.length > 0 && (queue[0]!.line.slot !== slot || queuedFingerprint !== fingerprint(library))) {
      // The block changed, or the plan or library was edited on air: takes effect at this line.
      dropQueue();
    }
    if (queue.length === 0) adoptNextBlock(library, slot);
    fillLookahead(library);
    return queue.shift() ?? null;
  }

  /** Cue the next line on the program stage. */
  async function cueNext(): Promise<void> {
    const gen = generation;
    if (status !== 'on-air' || cueing) return;
    cancelPending?.();
    cancelPending = null;
    if (pauseAtBoundary) {
      pauseAtBoundary = false;
      paused = true;
      persist(true, true);
    }
    if (paused || !programStage()) {
      publish();
      return; // resume / stage.attach will call us again
    }
    const library = opts.library.snapshot();
    slotNow = currentSlot(library, clock.now()).slot;
    evaluateRules(library);
    let prepared = pick(library);
    if (!prepared) {
      publish();
      schedule(() => void cueNext(), Math.max(1, Math.min(RETRY_WHEN_IDLE_MS, (boundaryAt ?? Infinity) - clock.now())));
      return;
    }
    cueing = true;
    let rendered: Rendered;
    try {
      rendered = prepared.result ?? (await Promise.race([prepared.render, wait(fillerWaitMs).then(() => null)])) ?? ({ error: '' } as Rendered);
      if (gen !== generation) return;
      if (prepared.result === null && 'error' in rendered && rendered.error === '') {
        // Not rendered in time: air a ready filler rather than silence, and keep the line for next.
        const filler = takeFiller(`"${prepared.line.text.slice(0, 40)}" was not rendered within ${fillerWaitMs} ms`);
        if (filler) {
          if (prepared.kind === 'rundown') queue.unshift(prepared);
          else inserts.unshift({ id: insertCounter++, priority: 3, dueAt: 0, lines: [prepared], now: false, ruleId: null, label: 'held' });
          prepared = filler;
          rendered = filler.result!;
        } else {
          rendered = await prepared.render;
          if (gen !== generation) return;
        }
      }
    } finally {
      cueing = false;
    }
    air(prepared, rendered);
  }

  function air(prepared: PreparedLine, rendered: Rendered): void {
    const settings = opts.library.snapshot().settings;
    const now = clock.now();
    const base: Omit<AsRunEntry, 'id'> = {
      lineId: prepared.lineId,
      plannedAt: now,
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
      note: 'error' in rendered ? `speech failed: ${rendered.error}` : prepared.note,
    };
    const asRunId = opts.library.asRunInsert(base);
    const entry: AsRunEntry = { id: asRunId, ...base };
    if (prepared.positionAfter) lastPosition = prepared.positionAfter;
    if (prepared.welcomeFor) welcomeAired = prepared.welcomeFor;
    persist(true, paused);
    if ('error' in rendered) {
      log(`playout: ${base.note}`);
      opts.emit('asrun.changed', entry);
      // Try the next line straight away; a filler covers if one is ready.
      const filler = takeFiller('speech failed for the line before');
      if (filler?.result && !('error' in filler.result)) {
        air(filler, filler.result);
        return;
      }
      schedule(() => void cueNext(), 1_000);
      return;
    }
    if (prepared.kind !== 'filler' && (prepared.line.script.kind === 'idle' || prepared.line.script.kind === 'follow' || prepared.line.script.kind === 'welcome' || fillers.length < 3)) {
      fillers.push(prepared);
      if (fillers.length > FILLER_POOL) fillers.shift();
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
      ...cueOffsets(prepared.line),
      productId: prepared.line.product?.id ?? null,
      ...(prepared.line.script.emotion !== undefined ? { emotion: prepared.line.script.emotion } : {}),
      ...(rendered.utterance.blendShapes ? { blendShapes: rendered.utterance.blendShapes } : {}),
    });
    opts.onCue?.({
      lineId: prepared.lineId,
      kind: prepared.kind,
      slot: prepared.line.slot,
      scriptId: prepared.line.script.id,
      lineIndex: prepared.line.lineIndex,
      pauseAfterMs: prepared.line.pauseAfterMs,
      at: now,
    });
    const current = onAir;
    current.cancelWatchdog = clock.setTimer(() => {
      if (onAir !== current) return;
      finish('timeout', `stage did not start the line within ${startGrace} ms`);
    }, startGrace);
    // Keep the lookahead topped up while this line plays.
    fillLookahead(opts.library.snapshot());
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

  /** Close the current line with an outcome and cue the next one after the gap (or at once). */
  function finish(outcome: AsRunEntry['outcome'], note: string | null, immediately = false): void {
    const line = onAir;
    if (!line) return;
    line.cancelWatchdog();
    onAir = null;
    update(line, { outcome, endedAt: clock.now(), note: line.entry.note && note ? `${line.entry.note}; ${note}` : (note ?? line.entry.note) });
    if (outcome === 'timeout') {
      log(`playout: watchdog: ${note}; asking the stage to reload`);
      opts.emit('stage.reload', { reason: note ?? 'watchdog', lineId: line.prepared.lineId });
    }
    publish();
    if (status === 'on-air') {
      const settings = opts.library.snapshot().settings;
      if (immediately) void cueNext();
      else schedule(() => void cueNext(), settings.lineGapMs + line.prepared.line.pauseAfterMs);
    }
  }

  function cutCurrent(outcome: AsRunEntry['outcome'], note: string, reason: string): void {
    if (!onAir) return;
    opts.emit('stage.halt', { reason });
    finish(outcome, note, true);
  }

  return {
    state,

    goLive(): PlayoutState {
      if (status === 'on-air' || status === 'starting') return state();
      generation++;
      const saved = opts.library.loadOnAir();
      rundown = createRundown(seed + generation, saved.position ?? START_POSITION);
      lastPosition = saved.position;
      // Coming back into a block occurrence whose welcome has aired: no second welcome. (A state saved
      // before the welcome was remembered: the block it left counts as welcomed.)
      welcomeAired = saved.rules ? saved.rules.welcomedSlot : (saved.position?.slot ?? null);
      welcomedSlot = welcomeAired;
      // Interval rules keep their planned times across a restart.
      for (const [id, due] of Object.entries(saved.rules?.intervalDue ?? {})) intervalDue.set(id, due);
      if (saved.rules?.lastClockCall) lastClockCall = saved.rules.lastClockCall;
      queue = [];
      nextBlock = null;
      inserts = [];
      paused = saved.paused ?? false;
      setStatus('starting');
      persist(true, paused);
      setStatus('on-air');
      armBoundary();
      void cueNext();
      return state();
    },

    /** After a restart: come back on air if the merchant left it on air. */
    resumeIfOnAir(): boolean {
      if (!opts.library.loadOnAir().onAir) return false;
      this.goLive();
      return true;
    },

    stop(reason: 'stop' | 'emergency' = 'stop'): PlayoutState {
      if (status === 'off-air') return state();
      generation++;
      setStatus('stopping');
      cancelPending?.();
      cancelPending = null;
      cancelBoundary?.();
      cancelBoundary = null;
      const line = onAir;
      onAir = null;
      opts.emit('stage.halt', { reason });
      if (line) {
        line.cancelWatchdog();
        update(line, { outcome: 'interrupted', endedAt: clock.now(), note: reason === 'emergency' ? 'emergency stop' : 'stopped by the operator' });
      }
      queue = [];
      nextBlock = null;
      inserts = [];
      paused = false;
      pauseAtBoundary = false;
      persist(false, false);
      setProblem(null);
      setStatus('off-air');
      return state();
    },

    /** Emergency stop: silence now, off air, and it stays off air after a restart. */
    emergencyStop(): PlayoutState {
      return this.stop('emergency');
    },

    /** Operator insert (typed text or a script/tag), at the next line boundary or now. */
    insert(req: InsertRequest): { ok: boolean; lines: number; problem: string | null } {
      const library = opts.library.snapshot();
      const now = clock.now();
      const src = linesOfSource(library, req.source, rundown.random, now);
      if (src.lines.length === 0) return { ok: false, lines: 0, problem: src.problem ?? 'nothing to say' };
      const script = src.script ?? { id: 'operator', title: 'operator insert', kind: 'idle' as const, productId: null, body: '', tags: [] };
      const slot = currentSlot(library, now).slot;
      const block = library.plan ? (() => { try { return blockAt(library.plan, now); } catch { return null; } })() : null;
      const lines = src.lines.map((l, i) =>
        prepare({ ...l, blockId: block?.block.id ?? null, playlistId: null, script, product: src.product, lineIndex: i, slot }, 'insert', null, null),
      );
      for (const l of lines) l.note = 'operator insert';
      const ins: PendingInsert = { id: insertCounter++, priority: 3, dueAt: now, lines, now: req.at === 'now', ruleId: null, label: 'operator' };
      inserts.push(ins);
      if (ins.now) {
        const gen = generation;
        void lines[0]!.render.then(() => {
          if (gen !== generation || status !== 'on-air') return;
          if (onAir) cutCurrent('interrupted', 'cut by an operator insert', 'insert');
          else if (!cueing) void cueNext();
        });
      } else if (status === 'on-air' && !onAir && !cueing) {
        void cueNext();
      }
      publish();
      return { ok: true, lines: lines.length, problem: src.problem };
    },

    /** Skip the line on air (the next one follows at once). */
    skipLine(): PlayoutState {
      cutCurrent('skipped', 'skipped by the operator', 'skip');
      return state();
    },

    /** Skip the rest of the script on air. */
    skipScript(): PlayoutState {
      const line = onAir;
      if (line && line.prepared.kind === 'rundown') {
        const scriptId = line.prepared.line.script.id;
        const still = queue.filter((p) => p.line.script.id === scriptId && p.kind === 'rundown');
        if (still.length > 0 || queue.length === 0) {
          const from = queue[0]?.positionBefore ?? line.prepared.positionAfter;
          queue = [];
          rundown = createRundown(seed + lineCounter, from ?? START_POSITION);
          rundown.skipScript();
        }
      }
      cutCurrent('skipped', 'script skipped by the operator', 'skip');
      return state();
    },

    /** Pause: no new lines after the one on air ('now' cuts it; it airs again on resume). */
    pause(at: 'boundary' | 'now' = 'boundary'): PlayoutState {
      if (status !== 'on-air') return state();
      if (at === 'now' && onAir) {
        const line = onAir;
        if (line.prepared.kind === 'rundown' && line.prepared.positionBefore) {
          queue = [];
          rundown = createRundown(seed + lineCounter, line.prepared.positionBefore);
        }
        paused = true;
        persist(true, true);
        opts.emit('stage.halt', { reason: 'pause' });
        line.cancelWatchdog();
        onAir = null;
        update(line, { outcome: 'interrupted', endedAt: clock.now(), note: 'paused by the operator' });
      } else if (onAir || cueing) {
        pauseAtBoundary = true;
      } else {
        paused = true;
        persist(true, true);
      }
      publish();
      return state();
    },

    resume(): PlayoutState {
      pauseAtBoundary = false;
      if (!paused) return state();
      paused = false;
      persist(status === 'on-air', false);
      if (status === 'on-air' && !onAir && !cueing) void cueNext();
      publish();
      return state();
    },

    stageAttached(stageId: string, role: StageRole): void {
      const hadProgram = programStage() !== null;
      stages.set(stageId, role);
      if (role === 'program' && !hadProgram && status === 'on-air' && !onAir && !cueing) void cueNext();
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
      cancelBoundary?.();
      onAir?.cancelWatchdog();
    },
  };
}

export type Playout = ReturnType<typeof createPlayout>;
