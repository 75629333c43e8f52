import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, backupStamp, openDatabase } from '../../main/library/database';
import { LibraryError } from '../../main/library/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, getSchemaVersion, migrate, type Migration } from '../../main/library/migrations';
import { openLibrary, type OpenedLibrary } from '../../main/library/open-library';
import { META_SEEDED, loadSeedsIfEmpty, readSeedFile } from '../../main/library/seeds';
import { createLibraryStore } from '../../main/library/store';

const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

const temps: string[] = [];
const opened: OpenedLibrary[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagehost-lib-'));
  temps.push(dir);
  return dir;
}
function open(dataDir: string, seedsDir: string | null = SEEDS_DIR, locale: 'zh-CN' | 'en-US' = 'zh-CN') {
  const lib = openLibrary({ dataDir, locale, seedsDir });
  opened.push(lib);
  return lib;
}
afterEach(() => {
  for (const lib of opened.splice(0)) lib.close();
  for (const dir of temps.splice(0)) {
    try {
      fs.chmodSync(dir, 0o700);
    } catch {
      // nothing to restore
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Opens the library in `dir` as a user without root's powers and returns the error it gave. */
function openAsUnprivileged(dir: string): { code?: string; message: string } {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    const err = catchError(() => open(dir, null)) as LibraryError;
    return { code: err.code, message: err.message };
  }
  fs.chmodSync(path.dirname(dir), 0o755);
  const script = `
    import { openLibrary } from ${JSON.stringify(fileURLToPath(new URL('../../main/library/open-library.ts', import.meta.url)))};
    try { openLibrary({ dataDir: ${JSON.stringify(dir)}, locale: 'zh-CN', seedsDir: null }); console.log(JSON.stringify({ opened: true })); }
    catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, HOME: os.tmpdir() },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { code?: string; message: string };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

describe('database and migrations', () => {
  it('creates the data folder and migrates an empty file to the latest schema', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const lib = open(dir, null);
    expect(fs.existsSync(path.join(dir, DB_FILE_NAME))).toBe(true);
    expect(lib.path).toBe(path.join(dir, DB_FILE_NAME));
    expect(lib.recovered).toBeNull();
    expect(lib.migration).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION, applied: MIGRATIONS.map((m) => `v${m.version} ${m.name}`) });
    expect(getSchemaVersion(lib.db)).toBe(LATEST_SCHEMA_VERSION);

    const tables = lib.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    for (const t of ['as_run', 'meta', 'plan_blocks', 'plans', 'playlist_items', 'playlists', 'products', 'scripts', 'settings']) {
      expect(tables).toContain(t);
    }
    const asRunIndexes = lib.db.prepare<[], { name: string }>("PRAGMA index_list('as_run')").all().map((r) => r.name);
    expect(asRunIndexes).toContain('as_run_started_at');

    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(lib.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);

    // Running again is a no-op.
    expect(migrate(lib.db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
  });

  it('runs each migration in a transaction: a failing one leaves the previous version and no half-made tables', () => {
    const { db } = openDatabase(tempDir());
    try {
      migrate(db);
      const broken: Migration[] = [
        ...MIGRATIONS,
        {
          version: LATEST_SCHEMA_VERSION + 1,
          name: 'half done',
          up(d) {
            d.exec('CREATE TABLE half_done (x INTEGER)');
            throw new Error('boom');
          },
        },
      ];
      const err = catchError(() => migrate(db, broken));
      expect(err).toBeInstanceOf(LibraryError);
      expect((err as LibraryError).code).toBe('migration-failed');
      expect((err as LibraryError).message).toMatch(new RegExp(`half done.*boom.*left at version ${LATEST_SCHEMA_VERSION}`, 's'));
      expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();

      const fixed: Migration[] = [
        ...MIGRATIONS,
        { version: LATEST_SCHEMA_VERSION + 1, name: 'done', up: (d) => d.exec('CREATE TABLE done_now (x INTEGER)') },
      ];
      expect(migrate(db, fixed).applied).toEqual([`v${LATEST_SCHEMA_VERSION + 1} done`]);
      expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 1);
    } finally {
      db.close();
    }
  });

  it('refuses a file written by a newer StageHost and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_things (x INTEGER)');
    raw.pragma('user_version = 99');
    raw.close();

    const err = catchError(() => open(dir));
    expect(err).toBeInstanceOf(LibraryError);
    expect((err as LibraryError).code).toBe('schema-too-new');
    expect((err as LibraryError).message).toContain('newer version of StageHost');
    expect((err as LibraryError).message).toContain('schema version 99');
    expect((err as LibraryError).message).toContain(file);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'products'").get()).toBeUndefined();
    check.close();
    expect(fs.readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false);
  });

  it('keeps data across close and reopen', () => {
    const dir = tempDir();
    const first = open(dir, null);
    first.store.upsertProduct({
      id: 'p-1',
      name: 'Teapot',
      price: 19.5,
      originalPrice: null,
      currency: 'USD',
      sellingPoints: ['Holds four cups'],
      stock: 3,
      link: null,
      image: null,
      tags: ['tea'],
    });
    first.store.updateSettings({ lineGapMs: 900 });
    const id = first.store.asRunInsert({
      lineId: 'l1',
      plannedAt: 1,
      startedAt: 2,
      endedAt: null,
      blockId: null,
      playlistId: null,
      scriptId: null,
      text: 'Hello',
      engine: 'system',
      voice: null,
      cacheHit: false,
      outcome: 'on-air',
      note: null,
    });
    first.close();
    first.close(); // idempotent

    const second = open(dir, null);
    expect(second.migration.applied).toEqual([]);
    expect(second.store.getProduct('p-1')).toMatchObject({ name: 'Teapot', price: 19.5, sellingPoints: ['Holds four cups'] });
    expect(second.store.getSettings().lineGapMs).toBe(900);
    expect(second.store.asRunGet(id)).toMatchObject({ text: 'Hello', outcome: 'on-air' });
  });
});

describe('damaged library file', () => {
  it('moves a garbage file (and its -wal/-shm) aside, starts fresh and says so', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    const garbage = Buffer.alloc(8192, 0x41);
    fs.writeFileSync(file, garbage);
    fs.writeFileSync(`${file}-wal`, 'junk wal');
    fs.writeFileSync(`${file}-shm`, 'junk shm');
    const when = new Date(2025, 2, 7, 9, 5, 3);

    const lib = openLibrary({ dataDir: dir, locale: 'zh-CN', seedsDir: SEEDS_DIR, now: () => when });
    opened.push(lib);

    const backupPath = path.join(dir, `${DB_FILE_NAME}.corrupt-20250307-090503`);
    expect(lib.recovered).toEqual({ backupPath, reason: expect.stringMatching(/not a database/i), at: when.getTime() });
    expect(fs.readFileSync(backupPath).equals(garbage)).toBe(true);
    expect(fs.readFileSync(`${backupPath}-wal`, 'utf8')).toBe('junk wal');
    expect(fs.readFileSync(`${backupPath}-shm`, 'utf8')).toBe('junk shm');

    // A fresh, working, migrated library; the demo is not mixed into a recovered library.
    expect(getSchemaVersion(lib.db)).toBe(LATEST_SCHEMA_VERSION);
    expect(lib.seeding).toEqual({ loaded: false, reason: 'recovered' });
    expect(lib.store.isEmpty()).toBe(true);
    expect(lib.store.getMeta(META_SEEDED)).toMatchObject({ skipped: 'recovered' });
    lib.store.updateSettings({ lineGapMs: 10 });
    expect(lib.store.getSettings().lineGapMs).toBe(10);
  });

  it('recovers from a file whose pages are damaged (quick_check fails) and never overwrites an older backup', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    const first = open(dir, null);
    const insert = first.db.prepare("INSERT INTO as_run (line_id, planned_at, text, engine, cache_hit, outcome) VALUES (?, 0, ?, 'system', 0, 'aired')");
    first.db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`line-${i}`, `some text for line ${i} `.repeat(3));
    })();
    first.close();
    expect(fs.statSync(file).size).toBeGreaterThan(4096 * 8);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, 4096 * 4);
    fs.closeSync(fd);

    const when = new Date(2025, 0, 2, 3, 4, 5);
    const stamp = backupStamp(when);
    fs.writeFileSync(path.join(dir, `${DB_FILE_NAME}.corrupt-${stamp}`), 'an older backup');

    const lib = openLibrary({ dataDir: dir, locale: 'en-US', seedsDir: SEEDS_DIR, now: () => when });
    opened.push(lib);
    expect(lib.recovered).not.toBeNull();
    expect(lib.recovered?.backupPath).toBe(path.join(dir, `${DB_FILE_NAME}.corrupt-${stamp}-2`));
    expect(lib.recovered?.reason).toMatch(/integrity check failed|malformed|corrupt/i);
    expect(fs.readFileSync(path.join(dir, `${DB_FILE_NAME}.corrupt-${stamp}`), 'utf8')).toBe('an older backup');
    expect(lib.store.asRunCount()).toBe(0);
  });

  it('gives a clear data-dir-unwritable error when the folder cannot be created', () => {
    const parent = tempDir();
    const blocker = path.join(parent, 'not-a-folder');
    fs.writeFileSync(blocker, 'I am a file');
    const dataDir = path.join(blocker, 'data');
    const err = catchError(() => open(dataDir));
    expect(err).toBeInstanceOf(LibraryError);
    expect((err as LibraryError).code).toBe('data-dir-unwritable');
    expect((err as LibraryError).message).toContain(dataDir);
    expect((err as LibraryError).message).toContain('--data-dir');
  });

  // Root may write anywhere, so as root (CI) these open the library in a child process running as
  // the unprivileged user "nobody"; otherwise in this process.
  it('gives a clear data-dir-unwritable error when the folder is read-only', () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o555);
    const err = openAsUnprivileged(dir);
    expect(err.code).toBe('data-dir-unwritable');
    expect(err.message).toMatch(/cannot write to its data folder/);
  });

  it('refuses a read-only library file at open instead of failing at the first write', () => {
    const dir = tempDir();
    open(dir, null).close();
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o444);
    const err = openAsUnprivileged(dir);
    expect(err.code).toBe('data-dir-unwritable');
    expect(err.message).toContain(path.join(dir, DB_FILE_NAME));
    expect(fs.readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false);
  });

  it('recovers from a file with a SQLite header but garbage after it', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0xff)]));
    const lib = open(dir, null);
    expect(lib.recovered?.backupPath).toMatch(/stagehost\.db\.corrupt-\d{8}-\d{6}$/);
    expect(lib.recovered?.reason).toMatch(/not a database|malformed|corrupt/i);
    expect(fs.existsSync(lib.recovered?.backupPath ?? '')).toBe(true);
    expect(getSchemaVersion(lib.db)).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('demo store (seeds)', () => {
  it('loads the demo once and not again after the merchant deletes everything', () => {
    const dir = tempDir();
    const first = open(dir, SEEDS_DIR, 'zh-CN');
    expect(first.seeding).toMatchObject({ loaded: true, file: path.join(SEEDS_DIR, 'zh-CN.json') });
    const seed = readSeedFile(path.join(SEEDS_DIR, 'zh-CN.json'));
    const snap = first.store.snapshot();
    expect(snap.products).toEqual(seed.products);
    expect(snap.scripts).toEqual(seed.scripts);
    expect(snap.playlists).toEqual(seed.playlists);
    expect(snap.plan).toEqual(seed.plan);
    expect(snap.settings).toEqual(seed.settings);

    // The merchant deletes the whole demo.
    const { store } = first;
    store.transaction(() => {
      for (const plan of store.listPlans()) store.deletePlan(plan.id);
      for (const pl of store.listPlaylists()) store.deletePlaylist(pl.id);
      for (const s of store.listScripts()) store.deleteScript(s.id);
      for (const p of store.listProducts()) store.deleteProduct(p.id);
    });
    expect(store.isEmpty()).toBe(true);
    expect(loadSeedsIfEmpty(store, 'zh-CN', SEEDS_DIR)).toEqual({ loaded: false, reason: 'already-seeded' });
    first.close();

    const second = open(dir, SEEDS_DIR, 'zh-CN');
    expect(second.seeding).toEqual({ loaded: false, reason: 'already-seeded' });
    expect(second.store.isEmpty()).toBe(true);
  });

  it('loads the en-US demo for an English system', () => {
    const lib = open(tempDir(), SEEDS_DIR, 'en-US');
    expect(lib.seeding.loaded).toBe(true);
    const snap = lib.store.snapshot();
    expect(snap.settings.locale).toBe('en-US');
    expect(snap.plan?.timeZone).toBe('America/New_York');
    expect(snap.products.every((p) => p.currency === 'USD')).toBe(true);
  });

  it('does not mix the demo into a library that already has content', () => {
    const dir = tempDir();
    const first = open(dir, null);
    first.store.upsertProduct({
      id: 'mine',
      name: 'My product',
      price: 1,
      originalPrice: null,
      currency: 'CNY',
      sellingPoints: [],
      stock: null,
      link: null,
      image: null,
      tags: [],
    });
    first.close();
    const second = open(dir, SEEDS_DIR);
    expect(second.seeding).toEqual({ loaded: false, reason: 'library-not-empty' });
    expect(second.store.listProducts().map((p) => p.id)).toEqual(['mine']);
  });

  it('reports a broken seed file (naming file and JSON path), opens empty, and retries next time', () => {
    const dir = tempDir();
    const badSeeds = tempDir();
    const seed = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'zh-CN.json'), 'utf8')) as {
      products: Array<Record<string, unknown>>;
    };
    const firstProduct = seed.products[0];
    if (!firstProduct) throw new Error('seed has no products');
    firstProduct.price = 'cheap';
    fs.writeFileSync(path.join(badSeeds, 'zh-CN.json'), JSON.stringify(seed));

    const first = open(dir, badSeeds);
    expect(first.seeding.loaded).toBe(false);
    if (first.seeding.loaded || first.seeding.reason !== 'error') throw new Error('expected a seeding error');
    expect(first.seeding.error.code).toBe('seed-invalid');
    expect(first.seeding.error.message).toContain(path.join(badSeeds, 'zh-CN.json'));
    expect(first.seeding.error.message).toContain('$.products[0].price');
    expect(first.store.isEmpty()).toBe(true);
    expect(first.store.getMeta(META_SEEDED)).toBeUndefined();
    first.close();

    fs.writeFileSync(path.join(badSeeds, 'zh-CN.json'), '{ "format": "stagehost-seed", ');
    const second = open(dir, badSeeds);
    if (second.seeding.loaded || second.seeding.reason !== 'error') throw new Error('expected a seeding error');
    expect(second.seeding.error.message).toMatch(/is not valid JSON/);
    second.close();

    const third = open(dir, SEEDS_DIR);
    expect(third.seeding.loaded).toBe(true);
  });

  it('loads seeds in one transaction: a failure half-way leaves nothing behind', () => {
    const { db } = openDatabase(tempDir());
    try {
      migrate(db);
      const store = createLibraryStore(db, { locale: 'zh-CN' });
      const failing = { ...store, upsertPlan: () => { throw new Error('disk trouble'); } };
      expect(() => loadSeedsIfEmpty(failing, 'zh-CN', SEEDS_DIR)).toThrow(/disk trouble/);
      expect(store.isEmpty()).toBe(true);
      expect(store.getMeta(META_SEEDED)).toBeUndefined();
      expect(loadSeedsIfEmpty(store, 'zh-CN', SEEDS_DIR).loaded).toBe(true);
    } finally {
      db.close();
    }
  });
});
