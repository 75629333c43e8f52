import type { SqliteDatabase } from './database';
import { LibraryError, errorMessage } from './errors';

/**
 * One step of the schema. `up` runs inside a transaction together with the bump of
 * `PRAGMA user_version`, so a failing migration leaves the file at the previous version.
 * Never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  /**
   * Set for migrations that rebuild tables (CREATE new → copy → DROP old → RENAME): foreign keys
   * are switched off around the transaction and `PRAGMA foreign_key_check` must pass before commit.
   */
  foreignKeysOff?: boolean;
  up(db: SqliteDatabase): void;
}

const V1_SCHEMA = `
CREATE TABLE meta (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,           -- JSON
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,        -- a top-level field of SettingsSchema
  value      TEXT NOT NULL,           -- JSON, validated with zod on read
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE products (
  id             TEXT PRIMARY KEY,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  price          REAL NOT NULL,
  original_price REAL,
  currency       TEXT NOT NULL,
  selling_points TEXT NOT NULL,       -- JSON array of strings
  stock          INTEGER,
  link           TEXT,
  image          TEXT,
  tags           TEXT NOT NULL,       -- JSON array of strings
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE scripts (
  id         TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  title      TEXT NOT NULL,
  kind       TEXT NOT NULL,
  -- deleting a product keeps the merchant's writing: its scripts become general scripts
  product_id TEXT REFERENCES products(id) ON DELETE SET NULL,
  body       TEXT NOT NULL,
  tags       TEXT NOT NULL,           -- JSON array of strings
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX scripts_product_id ON scripts(product_id);

CREATE TABLE playlists (
  id         TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  loop       INTEGER NOT NULL,
  shuffle    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE playlist_items (
  playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  -- deleting a script takes it out of the playlists that use it
  script_id   TEXT REFERENCES scripts(id) ON DELETE CASCADE,
  PRIMARY KEY (playlist_id, position)
) STRICT;
CREATE INDEX playlist_items_script_id ON playlist_items(script_id);

CREATE TABLE plans (
  id         TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  time_zone  TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE plan_blocks (
  plan_id     TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  weekday     TEXT NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  position    INTEGER NOT NULL,
  id          TEXT NOT NULL,
  start_time  TEXT NOT NULL,
  end_time    TEXT NOT NULL,
  -- a playlist on the plan cannot be deleted until it is taken off the plan
  playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE RESTRICT,
  start_mode  TEXT NOT NULL,
  PRIMARY KEY (plan_id, weekday, position)
) STRICT;
CREATE INDEX plan_blocks_playlist_id ON plan_blocks(playlist_id);

CREATE TABLE as_run (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  line_id     TEXT NOT NULL,
  planned_at  INTEGER NOT NULL,
  started_at  INTEGER,
  ended_at    INTEGER,
  -- no foreign keys: the log must outlive edits to the library
  block_id    TEXT,
  playlist_id TEXT,
  script_id   TEXT,
  text        TEXT NOT NULL,
  engine      TEXT NOT NULL,
  voice       TEXT,
  cache_hit   INTEGER NOT NULL,
  outcome     TEXT NOT NULL,
  note        TEXT
) STRICT;
CREATE INDEX as_run_started_at ON as_run(started_at);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'library, plans, settings, as-run log, meta',
    up(db) {
      db.exec(V1_SCHEMA);
    },
  },
  {
    version: 2,
    name: 'playout: product and tag playlist items with weights, playlist and plan options (rules, overrides, gap policy)',
    up(db) {
      db.exec(`
        ALTER TABLE playlist_items ADD COLUMN product_id TEXT REFERENCES products(id) ON DELETE CASCADE;
        ALTER TABLE playlist_items ADD COLUMN tag TEXT;
        ALTER TABLE playlist_items ADD COLUMN weight REAL;
        CREATE INDEX playlist_items_product_id ON playlist_items(product_id);
        -- JSON objects validated with zod on read: playlists {noRepeatWindow, rules}; plans {overrides, gap, rules}
        ALTER TABLE playlists ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE plans ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      `);
    },
  },
  {
    version: 3,
    name: 'indexes on list positions (new items go last: MAX(position) per insert stays cheap for big imports)',
    up(db) {
      db.exec(`
        CREATE INDEX products_position ON products(position);
        CREATE INDEX scripts_position ON scripts(position);
        CREATE INDEX playlists_position ON playlists(position);
      `);
    },
  },
  {
    version: 4,
    name: 'product and script options (a product\'s offer end, a script\'s emotion)',
    up(db) {
      db.exec(`
        -- JSON objects validated with zod on read: products {offerEndsAt}; scripts {emotion}
        ALTER TABLE products ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE scripts ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export interface MigrationResult {
  from: number;
  to: number;
  /** "v1 name" for every migration applied in this call. */
  applied: string[];
}

export function getSchemaVersion(db: SqliteDatabase): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : Number(version);
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration list out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
    }
  });
}

/**
 * Brings the database to the newest schema this app knows. Refuses (LibraryError
 * `schema-too-new`) a file written by a newer StageHost instead of touching it.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  checkMigrationList(migrations);
  const latest = migrations.length;
  const from = getSchemaVersion(db);
  if (from > latest) {
    throw new LibraryError(
      'schema-too-new',
      `The library file "${db.name}" was written by a newer version of StageHost (schema version ${from}; ` +
        `this app knows versions up to ${latest}). Update StageHost to open it, or start StageHost with ` +
        '--data-dir pointing to another folder. The file was not changed.',
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.foreignKeysOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`${broken.length} foreign key violation(s) after the migration`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (err) {
      throw new LibraryError(
        'migration-failed',
        `Updating the library file "${db.name}" to schema version ${m.version} (${m.name}) failed: ` +
          `${errorMessage(err)}. The file was left at version ${getSchemaVersion(db)}.`,
        { cause: err },
      );
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
    applied.push(`v${m.version} ${m.name}`);
  }
  return { from, to: getSchemaVersion(db), applied };
}
