import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureStatus, SpeechHealth } from '../../shared/api';
import type { Settings } from '../../shared/domain';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio', page: 'studio' };

describe('host: speech settings, Azure key and engine health', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('keeps the Azure key out of the database and out of every reply', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-speech-api-'));
    host = await createHost({ dataDir, locale: 'zh-CN', seedsDir, log: () => {}, resume: false });
    const key = 'k3y-that-must-not-leak-0123456789';
    const status = (await host.handle('speech.setAzureCredentials', { key, region: 'eastasia' }, studio)) as AzureStatus;
    expect(status).toEqual({ configured: true, region: 'eastasia', storage: 'encrypted-file' });
    expect(JSON.stringify(await host.handle('speech.azureStatus', {}, studio))).not.toContain(key);
    for (const file of readdirSync(dataDir)) {
      if (file.endsWith('.db') || file.endsWith('.json') || file.endsWith('-wal')) {
        expect(readFileSync(join(dataDir, file)).includes(key), file).toBe(false);
      }
    }
    const health = (await host.handle('speech.health', {}, studio)) as SpeechHealth;
    expect(health.engines.map((e) => e.id)).toEqual(['azure', 'system']);
    await host.handle('speech.setAzureCredentials', { key: null, region: 'eastasia' }, studio);
    expect(((await host.handle('speech.azureStatus', {}, studio)) as AzureStatus).configured).toBe(false);
  });

  it('updates settings with validation, and refuses nonsense with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-speech-api-'));
    host = await createHost({ dataDir, locale: 'en-US', seedsDir, log: () => {}, resume: false });
    const settings = (await host.handle('settings.update', { patch: { speech: { rate: 1.2 }, lineGapMs: 600 } }, studio)) as Settings;
    expect(settings.speech).toMatchObject({ rate: 1.2, engine: 'system' });
    expect(settings.lineGapMs).toBe(600);
    await expect(host.handle('settings.update', { patch: { speech: { rate: 9 } } }, studio)).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/rate/),
    });
    await expect(host.handle('speech.setAzureCredentials', { key: 'x', region: 'East Asia!' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
  });
});
