import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageCue } from '../../shared/api';
import type { Plan, PlanBlock, Playlist, Script } from '../../shared/domain';
import { zonedEpoch } from '../../shared/plan';
import { openLibrary, type OpenedLibrary } from '../../main/library/open-library';
import { createPlayout, type PlayoutSpeech } from '../../main/playout/playout';
import { createSimClock } from '../../main/playout/sim-clock';
import { memoSpeech } from '../../main/playout/simulate';
import { storePlayoutLibrary } from '../../main/playout/store-library';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const sharedCache = mkdtempSync(join(tmpdir(), 'stagehost-playout-cache-'));
const realSpeech = createSpeechService({ cacheDir: sharedCache, engines: [createSystemEngine()] });
const systemSpeech: PlayoutSpeech = {
  render: (r) => realSpeech.render({ text: r.text, locale: r.locale, voice: r.voice, rate: r.rate, pitch: r.pitch }, { engineId: r.engine }),
};
const sh = (date: string, hh: number, mm = 0, ss = 0): number => zonedEpoch(date, hh * 60 + mm, 'Asia/Shanghai') + ss * 1000;
const b = (id: string, start: string, end: string, startMode: 'soft' | 'hard', playlistId = 'pl-main'): PlanBlock => ({ id, start, end, playlistId, startMode });

describe('playout engine (real store, real speech, simulated clock and stage)', () => {
  const opened: OpenedLibrary[] = [];
  afterEach(() => {
    for (const l of opened.splice(0)) l.close();
  });

  function setup(opts: { dataDir?: string; start: number; before?: (store: OpenedLibrary['store']) => void; plan?: (p: Plan) => Plan; speech?: PlayoutSpeech; fillerWaitMs?: number }) {
    const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'stagehost-engine-'));
    const lib = openLibrary({ dataDir, locale: 'zh-CN', seedsDir });
    opened.push(lib);
    const store = lib.store;
    opts.before?.(store);
    if (opts.plan) store.upsertPlan(opts.plan(store.getActivePlan()!), { activate: true });
    const sim = createSimClock(opts.start);
    const speech = memoSpeech(opts.speech ?? systemSpeech);
    const cues: StageCue[] = [];
    const halts: string[] = [];
    let stageOn = true;
    const playout = createPlayout({
      library: storePlayoutLibrary(store),
      speech,
      clock: sim.clock,
      seed: 11,
      ...(opts.fillerWaitMs !== undefined ? { fillerWaitMs: opts.fillerWaitMs } : { wait: () => new Promise<void>(() => {}) }),
      emit: (event, payload) => {
        if (event === 'stage.halt') halts.push((payload as { reason: string }).reason);
        if (event !== 'stage.cue' || !stageOn) return;
        const cue = payload as StageCue;
        cues.push(cue);
        playout.report({ stageId: 'stage', lineId: cue.lineId, kind: 'started' });
        sim.clock.setTimer(() => playout.report({ stageId: 'stage', lineId: cue.lineId, kind: 'ended' }), cue.durationMs);
      },
    });
    playout.stageAttached('stage', 'program');
    /** Runs simulated time forward by ms, letting real renders finish between timers. */
    async function run(ms: number): Promise<void> {
      const end = sim.clock.now() + ms;
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (speech.inFlight() > 0 && !opts.fillerWaitMs) await speech.settled();
        await new Promise((r) => setImmediate(r));
        if (!sim.step(end)) break;
      }
      sim.set(end);
    }
    return { store, playout, sim, speech, cues, halts, run, dataDir, setStage: (on: boolean) => (stageOn = on) };
  }

  it('cuts the line on air within 100 ms when a hard block starts, and the new block airs from its second', { timeout: 60_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 9, 59, 40),
      plan: (p) => ({ ...p, days: { ...p.days, mon: [b('morning', '00:00', '10:00', 'soft'), b('promo', '10:00', '12:00', 'hard')] } }),
    });
    t.playout.goLive();
    await t.run(60_000);
    const log = t.store.asRunBetween(0, Number.MAX_SAFE_INTEGER);
    const firstPromo = log.find((e) => e.blockId === 'promo')!;
    expect(firstPromo.startedAt! - sh('2026-11-23', 10)).toBeLessThanOrEqual(100);
    const cut = log.filter((e) => e.blockId === 'morning').at(-1)!;
    expect(cut.endedAt! - sh('2026-11-23', 10)).toBeLessThanOrEqual(100);
    if (cut.outcome === 'interrupted') expect(cut.note).toMatch(/hard start/);
    expect(t.halts).toContain('hard-cut');
    t.playout.stop();
  });

  it('lets a soft block start at the end of the current line, never before', { timeout: 60_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 9, 59, 58),
      plan: (p) => ({ ...p, days: { ...p.days, mon: [b('morning', '00:00', '10:00', 'soft'), b('later', '10:00', '12:00', 'soft')] } }),
    });
    t.playout.goLive();
    await t.run(30_000);
    const log = t.store.asRunBetween(0, Number.MAX_SAFE_INTEGER);
    const last = log.filter((e) => e.blockId === 'morning').at(-1)!;
    expect(last.outcome).toBe('aired');
    const first = log.find((e) => e.blockId === 'later')!;
    expect(first.startedAt).toBeGreaterThanOrEqual(last.endedAt!);
    expect(first.startedAt! - last.endedAt!).toBeLessThanOrEqual(400 + 1000);
  });

  it('airs an operator insert at the next line, cuts for an insert "now", and an emergency stop silences and stays off air', { timeout: 60_000 }, async () => {
    const t = setup({ start: sh('2026-11-23', 14) });
    t.playout.goLive();
    await t.run(1_000);
    expect(t.playout.insert({ source: { text: '各位朋友，{{time}}了，库存只剩最后十件。' } }).ok).toBe(true);
    const onAir = t.cues.length;
    await t.run(20_000);
    expect(t.cues[onAir]!.text).toMatch(/^各位朋友，14:00了/); // the very next line, with the time filled in
    const before = t.cues.length;
    t.playout.insert({ source: { text: '插播一条紧急通知。' }, at: 'now' });
    await t.run(100);
    expect(t.cues[before]!.text).toBe('插播一条紧急通知。');
    expect(t.store.asRunTail(5).find((e) => e.note === 'cut by an operator insert')).toBeTruthy();
    t.playout.emergencyStop();
    expect(t.halts.at(-1)).toBe('emergency');
    expect(t.playout.state().status).toBe('off-air');
    expect(t.store.getPlayoutState()?.onAir).toBe(false);
    const count = t.cues.length;
    await t.run(30_000);
    expect(t.cues.length).toBe(count);
  });

  it('skips a line, skips a script, pauses and resumes', { timeout: 60_000 }, async () => {
    const t = setup({ start: sh('2026-11-23', 15) });
    t.playout.goLive();
    await t.run(500);
    const script = t.playout.state().current!.scriptId;
    t.playout.skipScript();
    await t.run(100);
    expect(t.playout.state().current!.scriptId).not.toBe(script);
    expect(t.store.asRunTail(5).some((e) => e.outcome === 'skipped')).toBe(true);
    t.playout.pause('now');
    const count = t.cues.length;
    await t.run(60_000);
    expect(t.cues.length).toBe(count);
    expect(t.playout.state().paused).toBe(true);
    t.playout.resume();
    await t.run(100);
    expect(t.cues.length).toBe(count + 1);
    t.playout.stop();
  });

  it('after a crash comes back in the same block at the next line of the same script', { timeout: 60_000 }, async () => {
    const first = setup({ start: sh('2026-11-23', 16) });
    first.playout.goLive();
    await first.run(100); // the first line of the welcome script is on air
    const last = first.store.asRunTail(1)[0]!;
    expect(last).toMatchObject({ scriptId: 's-welcome', outcome: 'on-air' });
    first.playout.close(); // the process dies mid-line: no stop
    const second = setup({ dataDir: first.dataDir, start: sh('2026-11-23', 16, 0, 20) });
    expect(second.playout.resumeIfOnAir()).toBe(true);
    await second.run(100);
    const resumed = second.store.asRunTail(1)[0]!;
    expect(resumed).toMatchObject({ blockId: last.blockId, scriptId: 's-welcome', outcome: 'on-air' });
    expect(resumed.id).toBe(last.id + 1);
    expect(resumed.text).not.toBe(last.text); // the next line, not the same one again
    second.playout.stop();
  });

  it('runs the rules: a clock call at the full hour with the time, a welcome after a block starts, a reminder every 10–15 min', { timeout: 120_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 13, 50),
      before: (store) => {
        store.upsertPlaylist({
          id: 'pl-sales',
          name: 'sales',
          items: [{ type: 'product', productId: 'p-pan' }, { type: 'product', productId: 'p-box' }, { type: 'product', productId: 'p-tea' }],
          loop: true,
          shuffle: true,
          rules: [{ id: 'remind', kind: 'interval', minMinutes: 10, maxMinutes: 15, source: { scriptId: 's-follow' } }],
        });
      },
      plan: (p) => ({
        ...p,
        days: { ...p.days, mon: [b('early', '00:00', '14:30', 'soft', 'pl-sales'), b('late', '14:30', '24:00', 'soft', 'pl-sales')] },
        rules: [
          { id: 'clock', kind: 'clock', source: { text: '现在是北京时间{{time}}。' } },
          { id: 'hello', kind: 'welcome', source: { scriptId: 's-welcome' } },
        ],
      }),
    });
    t.playout.goLive();
    for (let i = 0; i < 16; i++) await t.run(5 * 60_000);
    const log = t.store.asRunBetween(0, Number.MAX_SAFE_INTEGER);
    const clock = log.filter((e) => e.text.startsWith('现在是北京时间'));
    expect(clock.map((e) => e.text)).toEqual(['现在是北京时间14:00。', '现在是北京时间15:00。']);
    for (const e of clock) expect(e.startedAt! % 3_600_000).toBeLessThan(20_000); // within a line of the hour
    const welcomes = log.filter((e) => e.scriptId === 's-welcome' && e.text.includes('欢迎'));
    expect(welcomes.map((e) => e.blockId)).toEqual(['early', 'late']);
    expect(welcomes[1]!.startedAt! - sh('2026-11-23', 14, 30)).toBeLessThan(20_000);
    const reminders = log.filter((e) => e.scriptId === 's-follow' && e.text.includes('关注'));
    expect(reminders.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < reminders.length; i++) {
      const gap = reminders[i]!.startedAt! - reminders[i - 1]!.startedAt!;
      expect(gap).toBeGreaterThan(10 * 60_000 - 20_000);
      expect(gap).toBeLessThan(15 * 60_000 + 20_000);
    }
    t.playout.stop();
  });

  it('notices a clock jump (sleep/wake) past a hard block start within seconds', { timeout: 60_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 9, 50),
      plan: (p) => ({ ...p, days: { ...p.days, mon: [b('morning', '00:00', '10:00', 'soft'), b('promo', '10:00', '12:00', 'hard')] } }),
    });
    t.playout.goLive();
    await t.run(2_000);
    t.setStage(false); // the machine sleeps: nothing plays
    t.sim.jump(15 * 60_000); // wakes at 10:05:02
    t.setStage(true);
    const woke = t.sim.clock.now();
    await t.run(40_000);
    const first = t.store.asRunBetween(0, Number.MAX_SAFE_INTEGER).find((e) => e.blockId === 'promo')!;
    expect(first.startedAt! - woke).toBeLessThan(10_000 + 100);
    t.playout.stop();
  });

  it('airs a ready filler instead of silence when the next line is not rendered in time, and says why', { timeout: 60_000 }, async () => {
    let stall = false;
    const slow: PlayoutSpeech = {
      render: (r) => (stall && !r.text.includes('关注') ? new Promise(() => {}) : systemSpeech.render(r)),
    };
    const t = setup({ start: sh('2026-11-23', 17), speech: slow, fillerWaitMs: 50 });
    t.playout.goLive();
    const until = Date.now() + 30_000; // real renders first (slow when the machine is busy)
    while (t.cues.length < 6 && Date.now() < until) {
      await t.run(1_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(t.cues.length).toBeGreaterThanOrEqual(6);
    stall = true;
    // The merchant edits every script on air: it takes effect at the next line, whose new text is not rendered yet.
    for (const sc of t.store.listScripts()) t.store.upsertScript({ ...sc, body: `改过的${sc.id}。${sc.body}` });
    for (let i = 0; i < 150; i++) {
      await t.run(200); // small steps of simulated time…
      await new Promise((r) => setTimeout(r, 20)); // …and real time for the render that does not come
    }
    const fillers = t.store.asRunTail(50).filter((e) => e.note?.startsWith('filler'));
    expect(fillers.length).toBeGreaterThan(0);
    expect(fillers[0]!.note).toMatch(/not rendered within 50 ms/);
    expect(fillers.filter((e) => e.outcome !== 'on-air').every((e) => e.outcome === 'aired')).toBe(true);
    // No silence: while the line waits, fillers keep the air busy (the gap stays the configured one).
    const recent = t.store.asRunTail(10).reverse().filter((e) => e.startedAt !== null && e.endedAt !== null);
    for (let i = 1; i < recent.length; i++) expect(recent[i]!.startedAt! - recent[i - 1]!.endedAt!).toBeLessThanOrEqual(400 + 1000);
    t.playout.stop();
  });

  const script = (id: string, body: string): Script => ({ id, title: id, kind: 'promo', productId: null, body, tags: [] });
  const playlist = (id: string, scriptIds: string[]): Playlist => ({ id, name: id, items: scriptIds.map((scriptId) => ({ type: 'script', scriptId })), loop: true, shuffle: false });
  const log = (store: OpenedLibrary['store']) => store.asRunBetween(0, Number.MAX_SAFE_INTEGER);

  it('renders the first lines of the next block before it starts, so a hard block opens with its own lines even when speech is slow', { timeout: 60_000 }, async () => {
    const boundary = sh('2026-11-23', 10);
    let now = (): number => 0;
    // Speech becomes slow (longer than the filler wait) from 5 s before the boundary on.
    const slowAtBoundary: PlayoutSpeech = { render: (r) => (now() >= boundary - 5_000 ? new Promise(() => {}) : systemSpeech.render(r)) };
    const t = setup({
      start: sh('2026-11-23', 9, 59),
      speech: slowAtBoundary,
      fillerWaitMs: 50,
      before: (store) => {
        store.upsertScript(script('s-flash-1', '整点秒杀开始啦！三号链接的不粘锅直降五十元。'));
        store.upsertScript(script('s-flash-2', '秒杀只有十分钟，手慢就没有了。'));
        store.upsertScript(script('s-flash-3', '已经下单的朋友，记得在评论区报个到。'));
        store.upsertPlaylist(playlist('pl-flash', ['s-flash-1', 's-flash-2', 's-flash-3']));
      },
      plan: (p) => ({ ...p, days: { ...p.days, mon: [b('morning', '00:00', '10:00', 'soft'), b('promo', '10:00', '12:00', 'hard', 'pl-flash')] } }),
    });
    now = () => t.sim.clock.now();
    t.playout.goLive();
    // Up to 10 s before the boundary, real renders keep up (small steps of simulated time, real time for espeak).
    while (t.sim.clock.now() < boundary - 10_000) {
      await t.run(Math.min(1_000, boundary - 10_000 - t.sim.clock.now()));
      await t.speech.settled();
    }
    await t.run(30_000);
    const after = log(t.store).filter((e) => e.startedAt !== null && e.startedAt >= boundary);
    expect(after.length).toBeGreaterThanOrEqual(3);
    // The block's own first lines, in order, at its second: no filler, no silence.
    expect(after.slice(0, 3).map((e) => [e.blockId, e.note])).toEqual([
      ['promo', null],
      ['promo', null],
      ['promo', null],
    ]);
    expect(after[0]).toMatchObject({ scriptId: 's-flash-1', text: '整点秒杀开始啦！' });
    expect(after[0]!.startedAt! - boundary).toBeLessThanOrEqual(100);
    t.playout.stop();
  });

  it('fills a block whose playlist is empty (no idle playlist, gap off air) instead of going silent, says why, and airs the next block as planned', { timeout: 60_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 9, 58),
      before: (store) => void store.upsertPlaylist(playlist('pl-empty', [])),
      plan: (p) => ({ ...p, gap: { mode: 'off-air' }, days: { ...p.days, mon: [b('morning', '00:00', '10:00', 'soft', 'pl-empty'), b('noon', '10:00', '12:00', 'hard')] } }),
    });
    t.playout.goLive();
    await t.run(60_000);
    expect(t.playout.state().problem).toMatchObject({ code: 'empty-playlist' });
    expect(t.playout.state().problem!.detail).toBe('block morning → playlist pl-empty has no items; playlist pl-main airs instead');
    await t.run(2 * 60_000);
    const entries = log(t.store).filter((e) => e.startedAt !== null);
    const morning = entries.filter((e) => e.startedAt! < sh('2026-11-23', 10));
    expect(morning.length).toBeGreaterThanOrEqual(3);
    for (const e of morning) {
      expect(e).toMatchObject({ blockId: 'morning', playlistId: 'pl-main' });
      expect(e.note).toMatch(/^fallback: block morning → playlist pl-empty has no items; playlist pl-main airs instead(; cut by the hard start of 2026-11-23\/noon)?$/);
    }
    // No silence beyond the configured gap while the broken block is on air.
    for (let i = 1; i < morning.length; i++) expect(morning[i]!.startedAt! - morning[i - 1]!.endedAt!).toBeLessThanOrEqual(400 + 1000);
    const noon = entries.filter((e) => e.startedAt! >= sh('2026-11-23', 10));
    expect(noon[0]).toMatchObject({ blockId: 'noon', playlistId: 'pl-main', note: null });
    expect(noon[0]!.startedAt! - sh('2026-11-23', 10)).toBeLessThanOrEqual(100);
    expect(t.playout.state().problem).toBeNull();
    t.playout.stop();
  });

  it('takes a plan edited on air at the next line: the line on air finishes, the next comes from the new plan', { timeout: 60_000 }, async () => {
    const t = setup({
      start: sh('2026-11-23', 14),
      before: (store) => {
        store.upsertScript(script('s-edit', '节目单换了，接下来给大家讲新品。'));
        store.upsertPlaylist(playlist('pl-edit', ['s-edit']));
      },
    });
    t.playout.goLive();
    await t.run(100);
    const onAir = t.store.asRunTail(1)[0]!;
    expect(onAir).toMatchObject({ scriptId: 's-welcome', outcome: 'on-air' }); // the first line of a longer script
    const plan = t.store.getActivePlan()!;
    const halts = t.halts.length;
    // Same block, now with another playlist.
    t.store.upsertPlan({ ...plan, days: { ...plan.days, mon: plan.days.mon!.map((blk) => ({ ...blk, playlistId: 'pl-edit' })) } }, { activate: true });
    await t.run(30_000);
    const after = log(t.store).filter((e) => e.id >= onAir.id);
    expect(after[0]).toMatchObject({ id: onAir.id, outcome: 'aired' }); // not cut
    expect(t.halts.length).toBe(halts);
    expect(after[1]).toMatchObject({ playlistId: 'pl-edit', scriptId: 's-edit' });
    expect(after[1]!.startedAt! - after[0]!.endedAt!).toBeLessThanOrEqual(400 + 1000);
    t.playout.stop();
  });

  it('keeps interval reminders on their planned time across a restart, and welcomes once per block occurrence', { timeout: 120_000 }, async () => {
    const rulesPlan = (p: Plan): Plan => ({
      ...p,
      days: { ...p.days, mon: [b('day', '00:00', '24:00', 'soft', 'pl-sales')], tue: [b('day', '00:00', '24:00', 'soft', 'pl-sales')] },
      rules: [{ id: 'hello', kind: 'welcome', source: { scriptId: 's-welcome' } }],
    });
    const first = setup({
      start: sh('2026-11-23', 13, 50),
      before: (store) => {
        store.upsertPlaylist({
          id: 'pl-sales',
          name: 'sales',
          items: [{ type: 'product', productId: 'p-pan' }, { type: 'product', productId: 'p-box' }, { type: 'product', productId: 'p-tea' }],
          loop: true,
          shuffle: true,
          rules: [{ id: 'remind', kind: 'interval', minMinutes: 10, maxMinutes: 15, source: { scriptId: 's-follow' } }],
        });
      },
      plan: rulesPlan,
    });
    const reminders = (store: OpenedLibrary['store'], from: number) => log(store).filter((e) => e.scriptId === 's-follow' && e.startedAt !== null && e.startedAt >= from);
    const welcomes = (store: OpenedLibrary['store'], from: number) => log(store).filter((e) => e.scriptId === 's-welcome' && e.startedAt !== null && e.startedAt >= from);
    first.playout.goLive();
    while (reminders(first.store, 0).length === 0) await first.run(60_000);
    expect(welcomes(first.store, 0).length).toBeGreaterThan(0);
    const previous = reminders(first.store, 0).at(-1)!.startedAt!;
    const planned = first.store.getPlayoutState()?.intervalDue?.remind;
    // The host dies 8 minutes after that reminder, and is back 10 s later.
    await first.run(previous + 8 * 60_000 - first.sim.clock.now());
    first.playout.close();
    const back = previous + 8 * 60_000 + 10_000;
    const second = setup({ dataDir: first.dataDir, start: back });
    expect(second.playout.resumeIfOnAir()).toBe(true);
    await second.run(9 * 60_000);
    const next = reminders(second.store, back)[0];
    // Still 10–15 min after the one before (a timer started afresh would need 10 min from the restart).
    expect(next).toBeTruthy();
    expect(next!.startedAt! - previous).toBeGreaterThan(10 * 60_000 - 20_000);
    expect(next!.startedAt! - previous).toBeLessThan(15 * 60_000 + 20_000);
    // Exactly the time planned before the restart, within a line.
    expect(planned).toBeDefined();
    expect(next!.startedAt!).toBeGreaterThanOrEqual(planned!);
    expect(next!.startedAt! - planned!).toBeLessThan(20_000);
    expect(welcomes(second.store, back)).toEqual([]); // same block occurrence: no second welcome
    second.playout.close();
    // Next morning, the same block is a new occurrence: it gets its welcome.
    const morning = sh('2026-11-24', 9);
    const third = setup({ dataDir: first.dataDir, start: morning });
    expect(third.playout.resumeIfOnAir()).toBe(true);
    await third.run(2 * 60_000);
    expect(welcomes(third.store, morning).length).toBeGreaterThan(0);
    expect(welcomes(third.store, morning)[0]!.blockId).toBe('day');
    third.playout.stop();
  });

  it('a welcome that had not aired yet when the host died airs after the restart, once', { timeout: 60_000 }, async () => {
    const withWelcome = (p: Plan): Plan => ({ ...p, rules: [{ id: 'hello', kind: 'welcome', source: { text: '欢迎刚进直播间的新朋友！' } }] });
    const first = setup({ start: sh('2026-11-23', 13), plan: withWelcome });
    first.playout.goLive();
    await first.run(100); // the first rundown line is on air; the welcome waits for the next line
    const welcomes = (store: OpenedLibrary['store']) => log(store).filter((e) => e.text === '欢迎刚进直播间的新朋友！');
    expect(welcomes(first.store)).toEqual([]);
    first.playout.close();
    const second = setup({ dataDir: first.dataDir, start: sh('2026-11-23', 13, 0, 20) });
    expect(second.playout.resumeIfOnAir()).toBe(true);
    await second.run(60_000);
    expect(welcomes(second.store)).toHaveLength(1);
    second.playout.close();
    const third = setup({ dataDir: first.dataDir, start: sh('2026-11-23', 13, 2) });
    expect(third.playout.resumeIfOnAir()).toBe(true);
    await third.run(60_000);
    expect(welcomes(third.store)).toHaveLength(1); // it has aired in this block: not again
    third.playout.stop();
  });
});
