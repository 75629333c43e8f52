import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../main/host/secret-store';

describe('browser-mode secret store', () => {
  it('keeps the Azure key encrypted at rest and gives it back', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-secrets-'));
    const keyDir = mkdtempSync(join(tmpdir(), 'stagehost-key-'));
    const store = createFileSecretStore(dataDir, keyDir);
    store.set('azure.key', 'abc123-very-secret');
    const onDisk = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('abc123-very-secret');
    if (process.platform !== 'win32') expect(statSync(join(keyDir, 'secret.key')).mode & 0o077).toBe(0);
    expect(createFileSecretStore(dataDir, keyDir).get('azure.key')).toBe('abc123-very-secret');
    store.set('azure.key', null);
    expect(store.get('azure.key')).toBeNull();
  });

  it('treats a secrets file copied to another machine (other key) as absent, not as a crash', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-secrets-'));
    createFileSecretStore(dataDir, mkdtempSync(join(tmpdir(), 'k1-'))).set('azure.key', 'x');
    expect(createFileSecretStore(dataDir, mkdtempSync(join(tmpdir(), 'k2-'))).get('azure.key')).toBeNull();
  });
});
