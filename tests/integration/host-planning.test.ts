import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload, HostEvent, StageCue } from '../../shared/api';
import type { LibrarySnapshot, Plan, Playlist } from '../../shared/domain';
import type { PlanProblem } from '../../shared/plan-check';
import { allDayPlan } from '../../shared/plan-edit';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

const evening: Playlist = {
  id: 'pl-evening',
  name: '晚间档',
  items: [
    { type: 'script', scriptId: 's-follow' },
    { type: 'product', productId: 'p-pan', weight: 2 },
    { type: 'tag', tag: '演示' },
  ],
  loop: true,
  shuffle: true,
  noRepeatWindow: 2,
  rules: [{ id: 'r-follow', kind: 'interval', minMinutes: 10, maxMinutes: 15, source: { scriptId: 's-follow' } }],
};

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('host API: playlists and the plan', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-planning-')), locale: 'zh-CN', seedsDir, log: () => {}, resume: false });
    const events: LibrarySnapshot[] = [];
    host.subscribe((event, payload) => {
      if (event === 'library.changed') events.push(payload as EventPayload<'library.changed'>);
    });
    return { h: host, events };
  };
  const snapshot = async (h: StageHost) => (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;

  it('saves a playlist with every kind of item, weights and rules, and broadcasts it', async () => {
    const { h, events } = await open();
    expect(await h.handle('library.upsertPlaylist', { playlist: evening }, studio)).toEqual(evening);
    expect(events.at(-1)?.playlists.find((p) => p.id === 'pl-evening')).toEqual(evening);
    // Reordered and renamed: the stored order is the new one.
    const reordered: Playlist = { ...evening, name: '晚间档 2', items: [evening.items[2]!, evening.items[0]!, evening.items[1]!] };
    await h.handle('library.upsertPlaylist', { playlist: reordered }, studio);
    expect((await snapshot(h)).playlists.find((p) => p.id === 'pl-evening')).toEqual(reordered);
  });

  it('refuses a playlist naming a missing script or product, saying which, and saves nothing', async () => {
    const { h, events } = await open();
    await expect(
      h.handle('library.upsertPlaylist', { playlist: { ...evening, items: [{ type: 'script', scriptId: 's-gone' }] } }, studio),
    ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('"s-gone"') });
    await expect(
      h.handle('library.upsertPlaylist', { playlist: { ...evening, items: [{ type: 'product', productId: 'p-gone' }] } }, studio),
    ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('"p-gone"') });
    // A bad shape (weight 0) is refused by the contract, with the field named.
    await expect(
      h.handle('library.upsertPlaylist', { playlist: { ...evening, items: [{ type: 'script', scriptId: 's-follow', weight: 0 }] } }, studio),
    ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('weight') });
    expect(events).toEqual([]);
    expect((await snapshot(h)).playlists.map((p) => p.id)).toEqual(['pl-main']);
  });

  it('refuses to delete a playlist the plan uses (weekday block, special day or gap filler), and deletes it once it is off the plan', async () => {
    const { h } = await open();
    await expect(h.handle('library.deletePlaylist', { id: 'pl-main' }, studio)).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('全天直播'),
    });
    await h.handle('library.upsertPlaylist', { playlist: evening }, studio);
    const plan = (await snapshot(h)).plan!;
    // Used only on a special day: still refused.
    const withOverride: Plan = { ...plan, overrides: [{ date: '2026-11-11', name: '双十一', blocks: [{ id: 'ovr-1', start: '00:00', end: '24:00', playlistId: 'pl-evening', startMode: 'hard' }] }] };
    await h.handle('plan.save', { plan: withOverride }, studio);
    await expect(h.handle('library.deletePlaylist', { id: 'pl-evening' }, studio)).rejects.toMatchObject({ message: expect.stringContaining('2026-11-11') });
    // Used only to fill gaps: still refused.
    await h.handle('plan.save', { plan: { ...plan, overrides: [], gap: { mode: 'idle', playlistId: 'pl-evening' } } }, studio);
    await expect(h.handle('library.deletePlaylist', { id: 'pl-evening' }, studio)).rejects.toMatchObject({ message: expect.stringContaining('gaps') });
    // Off the plan: deleted.
    await h.handle('plan.save', { plan: { ...plan, overrides: [], gap: { mode: 'off-air' } } }, studio);
    expect(await h.handle('library.deletePlaylist', { id: 'pl-evening' }, studio)).toEqual({ deleted: true });
    expect((await snapshot(h)).playlists.map((p) => p.id)).toEqual(['pl-main']);
  });

  it('plan.save stores the plan, makes it the active one, and the snapshot shows it; a plan naming a missing playlist is refused', async () => {
    const { h, events } = await open();
    await h.handle('library.upsertPlaylist', { playlist: evening }, studio);
    const next: Plan = {
      ...allDayPlan({ id: 'plan-evening', name: '晚间计划', timeZone: 'Europe/Berlin', playlistId: 'pl-main' }),
      gap: { mode: 'idle', playlistId: 'pl-main' },
    };
    next.days.fri = [
      { id: 'fri-day', start: '06:00', end: '20:00', playlistId: 'pl-main', startMode: 'soft' },
      { id: 'fri-night', start: '20:00', end: '02:00', playlistId: 'pl-evening', startMode: 'hard' },
    ];
    const saved = (await h.handle('plan.save', { plan: next }, studio)) as Plan;
    expect(saved.days.fri).toEqual(next.days.fri);
    expect(events.at(-1)?.plan?.id).toBe('plan-evening');
    const snap = await snapshot(h);
    expect(snap.plan).toEqual(saved);
    expect(h.library.store.listPlans().map((p) => p.id).sort()).toEqual(['plan-evening', 'plan-main']);

    await expect(
      h.handle('plan.save', { plan: { ...next, days: { ...next.days, mon: [{ id: 'x', start: '00:00', end: '24:00', playlistId: 'pl-gone', startMode: 'soft' }] } } }, studio),
    ).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('"pl-gone"') });
    expect((await snapshot(h)).plan).toEqual(saved);
  });

  it('plan.check reports the problems of the plan being edited (overlap, missing playlist) with where they are, before it is saved', async () => {
    const { h } = await open();
    const plan = (await snapshot(h)).plan!;
    const draft: Plan = {
      ...plan,
      days: {
        ...plan.days,
        wed: [...plan.days.wed, { id: 'wed-promo', start: '20:00', end: '22:00', playlistId: 'pl-main', startMode: 'hard' }],
        thu: [{ id: 'thu-x', start: '00:00', end: '24:00', playlistId: 'pl-deleted', startMode: 'soft' }],
      },
    };
    const problems = (await h.handle('plan.check', { plan: draft }, studio)) as PlanProblem[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'overlap', where: expect.stringContaining('wed › 20:00–22:00') }),
        expect.objectContaining({ code: 'missing-playlist', where: expect.stringContaining('thu › block thu-x') }),
      ]),
    );
    // The saved plan itself is fine.
    expect(await h.handle('plan.check', {}, studio)).toEqual([]);
  });

  it('a plan saved while on air is what the next line comes from', { timeout: 60_000 }, async () => {
    const { h } = await open();
    await h.handle('library.upsertPlaylist', { playlist: { id: 'pl-follow', name: '关注', items: [{ type: 'script', scriptId: 's-follow' }], loop: true, shuffle: false } }, studio);
    // A stage that holds every line for 400 ms, so the plan is saved while a line is on air.
    h.subscribe(<E extends HostEvent>(event: E, payload: EventPayload<E>) => {
      if (event !== 'stage.cue') return;
      const cue = payload as StageCue;
      const report = (kind: 'started' | 'ended') => h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind }, stage).catch(() => {});
      setTimeout(() => {
        void report('started');
        setTimeout(() => void report('ended'), 400);
      }, 5);
    });
    await h.handle('stage.attach', { role: 'program' }, stage);
    await h.handle('playout.goLive', {}, studio);
    const store = h.library.store;
    await waitFor(() => store.asRunTail(5).some((e) => e.outcome === 'aired'), 30_000);
    await waitFor(() => store.asRunTail(1)[0]?.outcome === 'on-air', 30_000);
    const onAir = store.asRunTail(1)[0]!;
    expect(onAir.playlistId).toBe('pl-main');

    const plan = (await snapshot(h)).plan!;
    await h.handle('plan.save', { plan: allDayPlan({ id: plan.id, name: plan.name, timeZone: plan.timeZone, playlistId: 'pl-follow' }) }, studio);

    // Fillers may cover while the new plan's first line renders; the first rundown line is the new plan's.
    const isFiller = (note: string | null) => note?.startsWith('filler') ?? false;
    await waitFor(() => store.asRunTail(10).some((e) => e.id > onAir.id && e.outcome !== 'notice' && !isFiller(e.note)), 30_000);
    const after = store.asRunTail(10).reverse().filter((e) => e.id > onAir.id && e.outcome !== 'notice');
    const firstRundown = after.find((e) => !isFiller(e.note))!;
    expect(firstRundown).toMatchObject({ playlistId: 'pl-follow', scriptId: 's-follow', blockId: expect.stringMatching(/all-day/) });
    // Any filler in between was waiting for the new plan's line, not the old one's.
    for (const e of after.filter((x) => x.id < firstRundown.id)) expect(e.note).toContain(firstRundown.text);
    // The line that was on air when the plan changed finished as it was.
    expect(store.asRunGet(onAir.id)).toMatchObject({ playlistId: 'pl-main', outcome: 'aired' });
    await h.handle('playout.stop', {}, studio);
  });
});
