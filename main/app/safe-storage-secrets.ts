import { join } from 'node:path';
import { safeStorage } from 'electron';
import { createFileSecretStore, createSealedSecretStore, type SecretStore } from '../host/secret-store';

/**
 * Secrets sealed by the OS (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) through
 * Electron's safeStorage. Where the OS offers no encryption (a bare Linux session), fall back to the
 * encrypted file with its key outside the data folder.
 */
export function createSafeStorageSecrets(dataDir: string, keyDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return createFileSecretStore(dataDir, keyDir);
  return createSealedSecretStore(
    join(dataDir, 'secrets.json'),
    {
      encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
      decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
    'os-keychain',
  );
}
