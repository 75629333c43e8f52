import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import type { LibrarySnapshot, Settings } from '../../shared/domain';
import { StageSettingsSchema } from '../../shared/stage-settings';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };

describe('program volume (settings.stage.volume) from the live desk', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async (dataDir: string) => {
    host = await createHost({ dataDir, locale: 'en-US', seedsDir: null, log: () => {}, resume: false });
    const changed: LibrarySnapshot[] = [];
    host.subscribe((event, payload) => {
      if (event === 'library.changed') changed.push(payload as EventPayload<'library.changed'>);
    });
    return { h: host, changed };
  };

  it('starts at full volume; an update is saved, broadcast to the stage, keeps the other stage choices and survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-volume-'));
    const { h, changed } = await open(dataDir);
    const before = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(before.settings.stage.volume).toBe(1);

    await h.handle('settings.update', { patch: { stage: { light: 'warm' } } }, studio);
    const saved = (await h.handle('settings.update', { patch: { stage: { volume: 0.35 } } }, studio)) as Settings;
    expect(saved.stage.volume).toBe(0.35);
    expect(saved.stage.light).toBe('warm');
    expect(changed.at(-1)?.settings.stage.volume).toBe(0.35);
    expect(changed.at(-1)?.settings.stage.light).toBe('warm');

    // Mute is volume 0, not "missing".
    await h.handle('settings.update', { patch: { stage: { volume: 0 } } }, studio);
    expect(changed.at(-1)?.settings.stage.volume).toBe(0);

    await h.close();
    host = null;
    const again = await open(dataDir);
    const after = (await again.h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(after.settings.stage).toMatchObject({ volume: 0, light: 'warm' });
  });

  it('refuses a volume outside 0..1 and keeps the saved one', async () => {
    const { h, changed } = await open(mkdtempSync(join(tmpdir(), 'stagehost-volume-')));
    await h.handle('settings.update', { patch: { stage: { volume: 0.5 } } }, studio);
    const n = changed.length;
    await expect(h.handle('settings.update', { patch: { stage: { volume: 1.5 } } }, studio)).rejects.toThrow();
    await expect(h.handle('settings.update', { patch: { stage: { volume: -0.1 } } }, studio)).rejects.toThrow();
    expect(changed).toHaveLength(n);
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(snap.settings.stage.volume).toBe(0.5);
  });

  it('stage settings saved before the volume existed still parse, at full volume', () => {
    const old = { avatarId: null, background: { kind: 'color', color: '#112233' }, light: 'cool', ticker: { enabled: true, text: 'Sale' }, logoMediaId: null, qrMediaId: null, drawWhenHidden: true };
    expect(StageSettingsSchema.parse(old)).toEqual({ ...old, volume: 1 });
  });
});
