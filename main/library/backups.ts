import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_NAME, type BackupInfo, type BackupKind } from '../../shared/api-store';

/** How many backups of each kind are kept (older ones are deleted when a new one is written). */
export const KEEP_BACKUPS = 10;

export const backupsDir = (dataDir: string): string => join(dataDir, 'backups');

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** UTC stamp that sorts by time: 20261122-053511-123. */
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}-${pad(d.getUTCMilliseconds(), 3)}`;
}

function parseName(name: string): { createdAt: number; kind: BackupKind } | null {
  if (!BACKUP_NAME.test(name)) return null;
  const m = /^stagehost-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-(.+)\.json$/.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, kind] = m;
  return { createdAt: Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)), kind: kind as BackupKind };
}

/** The backups in the data folder, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const parsed = parseName(name);
    if (!parsed) continue;
    try {
      out.push({ name, ...parsed, bytes: statSync(join(dir, name)).size });
    } catch {
      // deleted meanwhile
    }
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

/** Writes a backup (atomically: a temp file renamed), then deletes the oldest of its kind beyond `keep`. */
export function writeBackup(dataDir: string, json: string, kind: BackupKind, now: number = Date.now(), keep: number = KEEP_BACKUPS): BackupInfo {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  let at = now;
  let name = `stagehost-backup-${stamp(at)}-${kind}.json`;
  while (existsSync(join(dir, name))) name = `stagehost-backup-${stamp(++at)}-${kind}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, json);
  renameSync(tmp, join(dir, name));
  for (const old of listBackups(dataDir).filter((b) => b.kind === kind).slice(keep)) {
    try {
      unlinkSync(join(dir, old.name));
    } catch {
      // already gone
    }
  }
  return { name, kind, createdAt: at, bytes: Buffer.byteLength(json) };
}

/** The text of a kept backup; throws when the name is not a backup's or the file is gone. */
export function readBackup(dataDir: string, name: string): string {
  if (!parseName(name)) throw new Error(`not a backup name: ${name}`);
  return readFileSync(join(backupsDir(dataDir), name), 'utf8');
}
