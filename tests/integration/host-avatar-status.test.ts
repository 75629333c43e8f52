import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AvatarLoadStatus } from '../../shared/api-stage';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const program: CallerContext = { connectionId: 'stage-1', page: 'stage' };
const preview: CallerContext = { connectionId: 'stage-2', page: 'stage' };

describe('host API: a stage tells the studio when an avatar could not be loaded', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-avatar-status-')), locale: 'en-US', seedsDir: null, log: () => {}, resume: false });
    const events: AvatarLoadStatus[] = [];
    host.subscribe((event, payload) => {
      if (event === 'stage.avatarStatusChanged') events.push(payload as AvatarLoadStatus);
    });
    return { h: host, events };
  };

  it('keeps the latest status with the avatar’s name and the reason, broadcasts each change once, and clears it when an avatar loads', async () => {
    const { h, events } = await open();
    expect(await h.handle('stage.avatarLoadStatus', {}, studio)).toBeNull();
    const item = await h.importFile('avatar', 'Shop host.glb', morphHeadGlb(OCULUS_NAMES));

    await h.handle('stage.avatarStatus', { avatarId: item.id, ok: false, error: 'texture body.png failed to load', role: 'program' }, program);
    const failed = (await h.handle('stage.avatarLoadStatus', {}, studio)) as AvatarLoadStatus;
    expect(failed).toMatchObject({ avatarId: item.id, avatarName: 'Shop host.glb', ok: false, error: 'texture body.png failed to load', role: 'program' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ avatarId: item.id, ok: false });

    // The same report again (e.g. after a reconnect) is not news.
    await h.handle('stage.avatarStatus', { avatarId: item.id, ok: false, error: 'texture body.png failed to load', role: 'program' }, program);
    expect(events).toHaveLength(1);

    // A preview does not speak for what is on air while a program stage has reported.
    await h.handle('stage.avatarStatus', { avatarId: null, ok: true, role: 'preview' }, preview);
    expect(events).toHaveLength(1);
    expect(((await h.handle('stage.avatarLoadStatus', {}, studio)) as AvatarLoadStatus).ok).toBe(false);

    // Back to the built-in host on the program stage: the problem is gone.
    await h.handle('stage.avatarStatus', { avatarId: null, ok: true, role: 'program' }, program);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ avatarId: null, avatarName: null, ok: true, error: null });
  });

  it('a failure without a reason still says something; an unknown avatar has no name', async () => {
    const { h } = await open();
    await h.handle('stage.avatarStatus', { avatarId: 'gone-avatar', ok: false, role: 'preview' }, preview);
    expect(await h.handle('stage.avatarLoadStatus', {}, studio)).toMatchObject({ avatarId: 'gone-avatar', avatarName: null, ok: false, error: 'unknown error', role: 'preview' });
  });

  it('only a stage may report and only the studio may read; bad reports are refused', async () => {
    const { h } = await open();
    await expect(h.handle('stage.avatarStatus', { avatarId: null, ok: true, role: 'program' }, studio)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.handle('stage.avatarLoadStatus', {}, program)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.handle('stage.avatarStatus', { avatarId: '../etc/passwd', ok: false, role: 'program' }, program)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h.handle('stage.avatarStatus', { avatarId: null, ok: true }, program)).rejects.toMatchObject({ code: 'bad-request' });
  });
});
