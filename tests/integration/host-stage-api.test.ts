import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import type { AsRunEntry, LibrarySnapshot, Settings } from '../../shared/domain';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

describe('host API: the AI-generated label switch', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-stage-')), locale: 'en-US', seedsDir: null, log: () => {}, resume: false });
    const changed: LibrarySnapshot[] = [];
    const asRun: AsRunEntry[] = [];
    host.subscribe((event, payload) => {
      if (event === 'library.changed') changed.push(payload as EventPayload<'library.changed'>);
      if (event === 'asrun.changed') asRun.push(payload as EventPayload<'asrun.changed'>);
    });
    return { h: host, changed, asRun };
  };

  it('refuses to turn the label off without confirmation, and leaves it on', async () => {
    const { h } = await open();
    await expect(h.handle('stage.setAiLabel', { enabled: false }, studio)).rejects.toMatchObject({ code: 'confirmation-required' });
    await expect(h.handle('stage.setAiLabel', { enabled: false, confirmed: false }, studio)).rejects.toMatchObject({ code: 'confirmation-required' });
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(snap.settings.aiLabel.enabled).toBe(true);
    expect(h.library.store.asRunTail(10)).toEqual([]);
  });

  it('turns it off when confirmed, records who did it in the as-run log, and broadcasts the change', async () => {
    const { h, changed, asRun } = await open();
    const off = (await h.handle('stage.setAiLabel', { enabled: false, confirmed: true }, studio)) as Settings;
    expect(off.aiLabel.enabled).toBe(false);
    expect(changed.at(-1)?.settings.aiLabel.enabled).toBe(false);
    const [entry] = h.library.store.asRunTail(10);
    expect(entry?.outcome).toBe('notice');
    expect(entry?.note).toMatch(/AI label turned off by the operator/);
    expect(entry?.note).toMatch(/off air/);
    await new Promise((r) => setTimeout(r, 0));
    expect(asRun.map((e) => e.id)).toEqual([entry!.id]);

    // On again, with a platform's text: recorded too.
    const on = (await h.handle('stage.setAiLabel', { enabled: true, text: 'AI-generated · digital host' }, studio)) as Settings;
    expect(on.aiLabel).toEqual({ enabled: true, text: 'AI-generated · digital host' });
    const tail = h.library.store.asRunTail(10);
    expect(tail).toHaveLength(2);
    expect(tail[0]?.note).toMatch(/AI label turned on by the operator/);

    // Changing only the text while it stays on is not a switch: nothing new in the log.
    await h.handle('stage.setAiLabel', { enabled: true, text: 'AI host' }, studio);
    expect(h.library.store.asRunTail(10)).toHaveLength(2);
  });

  it('is for the studio only', async () => {
    const { h } = await open();
    await expect(h.handle('stage.setAiLabel', { enabled: false, confirmed: true }, stage)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('settings.update cannot turn the AI label off silently', () => {
  it('guardSettingsPatch refuses aiLabel.enabled=false while it is on, lets everything else through', async () => {
    const { guardSettingsPatch } = await import('../../main/host/methods/stage');
    const on = { getSettings: () => ({ aiLabel: { enabled: true, text: 'AI' } }) as Settings };
    const off = { getSettings: () => ({ aiLabel: { enabled: false, text: 'AI' } }) as Settings };
    expect(() => guardSettingsPatch(on, { aiLabel: { enabled: false } })).toThrow(/stage\.setAiLabel/);
    expect(guardSettingsPatch(on, { aiLabel: { text: 'AI host' } })).toEqual({ aiLabel: { text: 'AI host' } });
    expect(guardSettingsPatch(on, { stage: { light: 'warm' } })).toEqual({ stage: { light: 'warm' } });
    // Already off (turned off with confirmation): saving the rest of the settings is not refused.
    expect(guardSettingsPatch(off, { aiLabel: { enabled: false } })).toEqual({ aiLabel: { enabled: false } });
  });
});
