import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LibraryError, errorCode, errorMessage } from './errors';

export type SqliteDatabase = Database.Database;

export const DB_FILE_NAME = 'stagehost.db';

/** How long a statement waits for a lock held by another connection before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/** Set when a damaged library file was moved aside and a fresh one started. */
export interface RecoveredLibrary {
  /** Where the damaged file was kept (its -wal/-shm, if any, sit next to it with those suffixes). */
  backupPath: string;
  /** What SQLite said about the file, e.g. "file is not a database". */
  reason: string;
  /** Epoch ms of the recovery. */
  at: number;
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  /** Absolute path of the database file. */
  path: string;
  recovered: RecoveredLibrary | null;
}

export interface OpenDatabaseOptions {
  /** Clock for the backup file name; defaults to the wall clock. */
  now?: () => Date;
  /** Defaults to stagehost.db. */
  fileName?: string;
}

/** SQLite result codes that mean "this file is damaged / not ours"; everything else is not damage. */
function isDamageCode(code: string | undefined): boolean {
  return code !== undefined && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

class DamagedDatabase extends Error {}

/** yyyymmdd-hhmmss in local time. */
export function backupStamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-` +
    `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`
  );
}

/**
 * Makes sure `dataDir` exists and that files can be created in it; throws a
 * `data-dir-unwritable` LibraryError that names the folder and what to do.
 */
export function ensureWritableDir(dataDir: string): void {
  const dir = path.resolve(dataDir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.stagehost-write-test-${process.pid}-${Date.now()}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    const code = errorCode(err);
    throw new LibraryError(
      'data-dir-unwritable',
      `StageHost cannot write to its data folder "${dir}": ${errorMessage(err)}${code && !errorMessage(err).includes(code) ? ` (${code})` : ''}. ` +
        'Check that the folder (and every folder above it) exists, that your user account may write to it, ' +
        'and that the disk is not full or read-only — or start StageHost with --data-dir pointing to another ' +
        'folder (or set STAGEHOST_DATA_DIR).',
      { cause: err },
    );
  }
}

function applyPragmas(db: SqliteDatabase): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (typeof mode !== 'string' || mode.toLowerCase() !== 'wal') {
    throw new Error(`could not switch the journal to WAL (journal_mode is ${String(mode)})`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads the first bytes without SQLite: a non-empty file that does not start with the SQLite
 * header is not a database. Checking this first keeps SQLite from touching (e.g. deleting) the
 * -wal/-shm files that belong with the damaged file, so the backup keeps them as they were.
 */
function checkHeader(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (read === 0) return; // an empty file is a valid, empty database
    if (read < head.length || !head.equals(SQLITE_HEADER)) {
      throw new DamagedDatabase('file is not a database (the SQLite header is missing)');
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** SQLite quietly opens a read-only file read-only, and only fails at the first write; fail now. */
function checkFileWritable(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      fs.accessSync(`${file}${suffix}`, fs.constants.W_OK);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      throw Object.assign(new Error(`the file "${file}${suffix}" is read-only for this user`), { code: 'SQLITE_READONLY' });
    }
  }
}

/** Opens the file and checks it; throws DamagedDatabase when SQLite says it is damaged. */
function openChecked(file: string): SqliteDatabase {
  checkHeader(file);
  checkFileWritable(file);
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(file);
    applyPragmas(db);
    const rows = db.pragma('quick_check(20)') as Array<Record<string, unknown>>;
    const problems = rows.map((row) => String(Object.values(row)[0])).filter((v) => v !== 'ok');
    if (problems.length > 0) {
      throw new DamagedDatabase(`integrity check failed: ${problems.join('; ')}`);
    }
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // closing a connection to a damaged file may itself fail; the original error is what matters
    }
    if (err instanceof DamagedDatabase) throw err;
    if (isDamageCode(errorCode(err))) throw new DamagedDatabase(errorMessage(err));
    throw err;
  }
}

function uniqueBackupPath(file: string, stamp: string): string {
  const base = `${file}.corrupt-${stamp}`;
  let candidate = base;
  for (let n = 2; fs.existsSync(candidate) || fs.existsSync(`${candidate}-wal`); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** Moves the file and its -wal/-shm aside; returns the backup path of the main file. */
function moveAside(file: string, stamp: string): string {
  const backupPath = uniqueBackupPath(file, stamp);
  for (const suffix of ['', '-wal', '-shm']) {
    const from = `${file}${suffix}`;
    if (fs.existsSync(from)) fs.renameSync(from, `${backupPath}${suffix}`);
  }
  return backupPath;
}

function openFailed(file: string, err: unknown): LibraryError {
  const code = errorCode(err);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM' || code === 'EACCES') {
    return new LibraryError(
      'data-dir-unwritable',
      `StageHost cannot open its library file "${file}" for writing: ${errorMessage(err)}. ` +
        'Check that your user account may write to the file and its folder, or start StageHost with ' +
        '--data-dir pointing to another folder.',
      { cause: err },
    );
  }
  const busy = code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED');
  return new LibraryError(
    'database-open-failed',
    `StageHost could not open its library file "${file}"${code ? ` (${code})` : ''}: ${errorMessage(err)}.` +
      (busy ? ' Another StageHost may be using the same data folder; close it and try again.' : ''),
    { cause: err },
  );
}

/**
 * Opens `<dataDir>/stagehost.db` (WAL, foreign keys, busy timeout) and runs `PRAGMA quick_check`.
 * A damaged file (not a database, or failing the check) is moved aside to
 * `stagehost.db.corrupt-<yyyymmdd-hhmmss>` with its -wal/-shm, a fresh database is created, and
 * `recovered` says where the copy was kept. Migrations are not run here (see migrations.ts).
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  ensureWritableDir(dataDir);
  const file = path.join(path.resolve(dataDir), options.fileName ?? DB_FILE_NAME);
  try {
    return { db: openChecked(file), path: file, recovered: null };
  } catch (err) {
    if (!(err instanceof DamagedDatabase)) throw openFailed(file, err);
    const now = (options.now ?? (() => new Date()))();
    let backupPath: string;
    try {
      backupPath = moveAside(file, backupStamp(now));
    } catch (moveErr) {
      throw new LibraryError(
        'database-open-failed',
        `StageHost's library file "${file}" is damaged (${err.message}) and could not be moved aside: ` +
          `${errorMessage(moveErr)}. Move or rename the file yourself, then start StageHost again.`,
        { cause: moveErr },
      );
    }
    try {
      return { db: openChecked(file), path: file, recovered: { backupPath, reason: err.message, at: now.getTime() } };
    } catch (freshErr) {
      throw openFailed(file, freshErr);
    }
  }
}
