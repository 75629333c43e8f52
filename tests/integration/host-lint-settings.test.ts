import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import type { LibrarySnapshot, Settings } from '../../shared/domain';
import { effectiveTerms, lintText } from '../../shared/lint';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { planLintReport } from '../../renderer/studio/lint-report';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };

describe('editable banned-word lists (settings.lint) through the host', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async (dataDir: string) => {
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir: null, log: () => {}, resume: false });
    const changed: LibrarySnapshot[] = [];
    host.subscribe((event, payload) => {
      if (event === 'library.changed') changed.push(payload as EventPayload<'library.changed'>);
    });
    return { h: host, changed };
  };

  it('saves a custom block term and a switched-off default, broadcasts them, and keeps them after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-lint-'));
    const { h, changed } = await open(dataDir);
    const before = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(before.settings.lint).toEqual({ custom: [], disabled: [] });

    const saved = (await h.handle('settings.update', { patch: { lint: { custom: [{ term: '秒杀全网', severity: 'block', suggestion: '限时优惠' }] } } }, studio)) as Settings;
    expect(saved.lint.custom).toEqual([{ term: '秒杀全网', severity: 'block', category: 'custom', suggestion: '限时优惠' }]);
    await h.handle('settings.update', { patch: { lint: { disabled: ['减肥'] } } }, studio);
    const last = changed.at(-1);
    expect(last?.settings.lint).toEqual({ custom: [{ term: '秒杀全网', severity: 'block', category: 'custom', suggestion: '限时优惠' }], disabled: ['减肥'] });
    const hits = lintText('减肥茶今天秒杀全网', effectiveTerms(last?.settings.lint));
    expect(hits.map((x) => [x.term, x.severity])).toEqual([['秒杀全网', 'block']]);

    await h.close();
    host = null;
    const again = await open(dataDir);
    const after = (await again.h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(after.settings.lint.custom.map((c) => c.term)).toEqual(['秒杀全网']);
    expect(after.settings.lint.disabled).toEqual(['减肥']);
  });

  it('the Go-live report uses the library list: a custom term on the plan is reported, a switched-off one is not', async () => {
    const { h } = await open(mkdtempSync(join(tmpdir(), 'stagehost-lint-')));
    await h.handle('library.upsertScript', { script: { id: 'welcome-1', productId: null, kind: 'welcome', title: 'Hi', body: '欢迎！今天秒杀全网，减肥必备。', tags: [] } }, studio);
    await h.handle('library.upsertPlaylist', { playlist: { id: 'pl-1', name: 'Main', items: [{ type: 'script', scriptId: 'welcome-1', weight: 1 }], loop: true, shuffle: false } }, studio);
    const snap0 = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    const plan: LibrarySnapshot['plan'] = { id: 'plan-1', name: 'Week', timeZone: 'UTC', days: { mon: [{ id: 'b1', start: '00:00', end: '24:00', playlistId: 'pl-1', startMode: 'soft' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    const terms = (snap: LibrarySnapshot) => planLintReport({ ...snap, plan }).flatMap((r) => r.hits.map((x) => [x.term, x.severity]));
    expect(terms(snap0)).toEqual([['减肥', 'block']]);
    await h.handle('settings.update', { patch: { lint: { custom: [{ term: '秒杀全网', severity: 'warn' }], disabled: ['减肥'] } } }, studio);
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(terms(snap)).toEqual([['秒杀全网', 'warn']]);
  });

  it('refuses malformed lists and keeps the saved one', async () => {
    const { h, changed } = await open(mkdtempSync(join(tmpdir(), 'stagehost-lint-')));
    await h.handle('settings.update', { patch: { lint: { custom: [{ term: 'deal', severity: 'warn' }] } } }, studio);
    const n = changed.length;
    for (const lint of [
      { custom: [{ term: '', severity: 'block' }] },
      { custom: [{ term: 'x', severity: 'fatal' }] },
      { custom: [{ term: 'a', severity: 'block' }, { term: 'A', severity: 'warn' }] },
      { custom: 'deal' },
      { disabled: [42] },
      { extra: true },
    ]) {
      await expect(h.handle('settings.update', { patch: { lint } }, studio)).rejects.toThrow();
    }
    expect(changed).toHaveLength(n);
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(snap.settings.lint).toEqual({ custom: [{ term: 'deal', severity: 'warn', category: 'custom' }], disabled: [] });
  });
});
