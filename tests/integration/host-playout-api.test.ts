import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlayoutState, StageCue } from '../../shared/api';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('host API: operator controls, plan check, as-run CSV', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('inserts typed text at the next line, skips, pauses, resumes, and exports the as-run log as CSV', { timeout: 60_000 }, async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-api-')), locale: 'zh-CN', seedsDir, log: () => {} });
    const h = host;
    const cues: StageCue[] = [];
    h.subscribe((event, payload) => {
      if (event !== 'stage.cue') return;
      const cue = payload as StageCue;
      cues.push(cue);
      setTimeout(() => {
        void h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind: 'started' }, stage).catch(() => {});
        setTimeout(() => void h.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind: 'ended' }, stage).catch(() => {}), 30);
      }, 5);
    });
    await h.handle('stage.attach', { role: 'program' }, stage);
    await h.handle('playout.goLive', {}, studio);
    await waitFor(() => cues.length >= 1, 30_000);
    const r = (await h.handle('playout.insert', { source: { text: '感谢大家的支持，下单记得备注颜色。' } }, studio)) as { ok: boolean; lines: number };
    expect(r).toMatchObject({ ok: true, lines: 1 });
    await waitFor(() => cues.some((c) => c.text === '感谢大家的支持，下单记得备注颜色。'), 30_000);
    await h.handle('playout.skip', { what: 'line' }, studio);
    const paused = (await h.handle('playout.pause', { at: 'now' }, studio)) as PlayoutState;
    expect(paused.paused).toBe(true);
    const n = cues.length;
    await new Promise((res) => setTimeout(res, 500));
    expect(cues.length).toBe(n);
    await h.handle('playout.resume', {}, studio);
    await waitFor(() => cues.length > n, 30_000);
    const { csv, rows } = (await h.handle('asrun.exportCsv', {}, studio)) as { csv: string; rows: number };
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,planned_start,actual_start,end,duration_ms,block,playlist,script,text,engine,voice,cache_hit,outcome,note');
    expect(lines.length).toBe(rows + 1);
    expect(csv).toContain('感谢大家的支持，下单记得备注颜色。');
    expect(csv).toMatch(/,operator insert/);
    await expect(h.handle('playout.insert', { source: { text: '' } }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h.handle('playout.skip', {}, stage)).rejects.toMatchObject({ code: 'forbidden' });
    const stopped = (await h.handle('playout.emergencyStop', {}, studio)) as PlayoutState;
    expect(stopped.status).toBe('off-air');
  });

  it('reports plan problems with what and where, and the rest of the plan still airs', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-api-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {} });
    const store = host.library.store;
    store.upsertPlaylist({ id: 'pl-empty', name: 'empty', items: [], loop: true, shuffle: false });
    store.upsertScript({ id: 's-bad', title: 'bad', kind: 'sales', productId: 'p-pan', body: '只要{{product.discount}}元。', tags: [] });
    store.upsertPlaylist({ id: 'pl-doomed', name: 'doomed', items: [{ type: 'script', scriptId: 's-follow' }], loop: true, shuffle: false });
    const plan = store.getActivePlan()!;
    const main = store.getPlaylist('pl-main')!;
    store.upsertPlaylist({ ...main, items: [{ type: 'script', scriptId: 's-bad' }, ...main.items] });
    store.upsertPlan({
      ...plan,
      days: { ...plan.days, mon: [...plan.days.mon, { id: 'mon-extra', start: '10:00', end: '11:00', playlistId: 'pl-empty', startMode: 'soft' }] },
      overrides: [{ date: '2026-11-11', blocks: [{ id: 'promo', start: '00:00', end: '24:00', playlistId: 'pl-doomed', startMode: 'hard' }] }],
    });
    store.deletePlaylist('pl-doomed'); // only a dated override used it: deleting is allowed, and the plan check says so
    const problems = (await host.handle('plan.check', {}, studio)) as Array<{ code: string; where: string; detail: string }>;
    const byCode = (code: string) => problems.filter((p) => p.code === code);
    expect(byCode('overlap')[0]).toMatchObject({ where: expect.stringContaining('mon › 10:00–11:00') });
    expect(byCode('empty-playlist')[0]!.where).toContain('block mon-extra › playlist pl-empty');
    expect(byCode('missing-playlist')[0]).toMatchObject({ where: expect.stringContaining('2026-11-11 › block promo'), detail: expect.stringContaining('pl-doomed') });
    expect(byCode('missing-variable')[0]).toMatchObject({ where: expect.stringContaining('script s-bad'), detail: expect.stringContaining('product.discount') });
    // The rest of the plan still airs: the broken script is passed over.
    const cues: StageCue[] = [];
    host.subscribe((event, payload) => {
      if (event === 'stage.cue') cues.push(payload as StageCue);
    });
    await host.handle('stage.attach', { role: 'program' }, stage);
    await host.handle('playout.goLive', {}, studio);
    await waitFor(() => cues.length >= 1, 30_000);
    expect(cues[0]!.text).not.toMatch(/只要/);
  });
});
