import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Where secrets (the Azure key) live. Never in the database, never in the renderer. The Electron app
 * passes an implementation over `safeStorage` (OS keychain / DPAPI); browser mode uses an encrypted
 * file whose key sits in a separate owner-only file, so a copied library folder or backup does not
 * carry a readable key.
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'encrypted-file';
  get(name: string): string | null;
  /** null deletes the secret. */
  set(name: string, value: string | null): void;
}

const SecretsFileSchema = z.record(z.string(), z.string());

/** Encrypts and decrypts one string; the Electron side implements it with safeStorage. */
export interface Cipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}

/** A secrets file (name → sealed value) sealed by `cipher`. */
export function createSealedSecretStore(file: string, cipher: Cipher, kind: SecretStore['kind']): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    const parsed = SecretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`The secrets file ${file} is damaged; remove it and enter the keys again.`);
    return parsed.data;
  };
  return {
    kind,
    get(name) {
      const sealed = read()[name];
      if (sealed === undefined) return null;
      try {
        return cipher.decrypt(sealed);
      } catch {
        // Sealed on another machine or by another user: as good as absent; the merchant re-enters it.
        return null;
      }
    },
    set(name, value) {
      const all = read();
      if (value === null) delete all[name];
      else all[name] = cipher.encrypt(value);
      writeAtomic(file, JSON.stringify(all, null, 2));
    },
  };
}

/** AES-256-GCM with a random key kept in `keyFile` (mode 0600). For browser mode, where no keychain is at hand. */
export function fileKeyCipher(keyFile: string): Cipher {
  let key: Buffer;
  if (existsSync(keyFile)) {
    key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`The key file ${keyFile} is damaged; remove it and enter the keys again.`);
  } else {
    key = randomBytes(32);
    writeAtomic(keyFile, key.toString('base64'));
  }
  try {
    chmodSync(keyFile, 0o600);
  } catch {
    // Windows has no POSIX modes; the file sits in the user's profile.
  }
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** Browser mode's secret store: `<dataDir>/secrets.json`, sealed with a key outside the data dir. */
export function createFileSecretStore(dataDir: string, keyDir: string): SecretStore {
  return createSealedSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(keyDir, 'secret.key')), 'encrypted-file');
}
