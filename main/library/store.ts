import { z } from 'zod';
import {
  AsRunEntrySchema,
  PlanSchema,
  PlaylistSchema,
  PlayoutResumeStateSchema,
  ProductSchema,
  ScriptSchema,
  SettingsSchema,
  WeekdaySchema,
  type AsRunEntry,
  type Locale,
  type Plan,
  type PlanBlock,
  type Playlist,
  type PlayoutResumeState,
  type Product,
  type Script,
  type ScriptKind,
  type Settings,
  type SpeechSettings,
  type Weekday,
  type LibrarySnapshot,
} from '../../shared/domain';
import { defaultStageSettings } from '../../shared/stage-settings';
import type { SqliteDatabase } from './database';
import { LibraryError, describeIssues } from './errors';
import { LATEST_SCHEMA_VERSION, getSchemaVersion } from './migrations';

/** Playlist fields kept as JSON in playlists.options (schema v2). */
const PlaylistOptionsSchema = PlaylistSchema.pick({ noRepeatWindow: true, rules: true });
type PlaylistOptions = z.infer<typeof PlaylistOptionsSchema>;
/** Plan fields kept as JSON in plans.options (schema v2). */
const PlanOptionsSchema = PlanSchema.pick({ overrides: true, gap: true, rules: true });
type PlanOptions = z.infer<typeof PlanOptionsSchema>;
/** Product fields kept as JSON in products.options (schema v4). */
const ProductOptionsSchema = ProductSchema.pick({ offerEndsAt: true });
/** Script fields kept as JSON in scripts.options (schema v4). */
const ScriptOptionsSchema = ScriptSchema.pick({ emotion: true });
/** The products.options text of a product (absent fields are left out). */
export function productOptionsText(p: Product): string {
  return JSON.stringify(p.offerEndsAt != null ? { offerEndsAt: p.offerEndsAt } : {});
}

// ---------------------------------------------------------------------------------------------
// Settings defaults

export function defaultSettings(locale: Locale): Settings {
  return {
    locale,
    speech: { engine: 'system', voice: null, rate: 1, pitch: 1 },
    lineGapMs: 400,
    aiLabel: { enabled: true, text: locale === 'zh-CN' ? 'AI生成 · 数字人直播' : 'AI-generated host' },
    stage: defaultStageSettings(),
    lint: { custom: [], disabled: [] },
  };
}

const SETTINGS_KEYS = ['locale', 'speech', 'lineGapMs', 'aiLabel', 'stage', 'lint'] as const satisfies readonly (keyof Settings)[];
type SettingsKey = (typeof SETTINGS_KEYS)[number];

/** A stored setting that could not be used; its default was used instead. */
export interface SettingsProblem {
  key: SettingsKey;
  /** The stored JSON text as found. */
  stored: string;
  reason: string;
}

export interface SettingsPatch {
  locale?: Locale;
  speech?: Partial<SpeechSettings>;
  lineGapMs?: number;
  aiLabel?: Partial<Settings['aiLabel']>;
  stage?: Partial<Settings['stage']>;
  lint?: Partial<Settings['lint']>;
}

// ---------------------------------------------------------------------------------------------
// As-run

export const AsRunInsertSchema = AsRunEntrySchema.omit({ id: true });
export type AsRunInsert = z.input<typeof AsRunInsertSchema>;
export const AsRunPatchSchema = AsRunInsertSchema.partial().strict();
export type AsRunPatch = z.input<typeof AsRunPatchSchema>;

// ---------------------------------------------------------------------------------------------
// Meta keys used by the library itself

export const META_PLAYOUT_STATE = 'playout.state';

// ---------------------------------------------------------------------------------------------

export interface LibraryStoreOptions {
  /** Locale whose defaults are used for settings that were never stored. Default zh-CN. */
  locale?: Locale;
  /** Clock for created_at/updated_at; default Date.now. */
  now?: () => number;
}

export interface ScriptFilter {
  productId?: string | null;
  kind?: ScriptKind;
}

export interface LibraryStore {
  readonly db: SqliteDatabase;
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /** True when there are no products, scripts, playlists or plans. */
  isEmpty(): boolean;

  listProducts(): Product[];
  getProduct(id: string): Product | null;
  upsertProduct(product: Product): Product;
  /** Scripts of the product stay, with productId null. Returns false when there was no such product. */
  deleteProduct(id: string): boolean;

  listScripts(filter?: ScriptFilter): Script[];
  getScript(id: string): Script | null;
  upsertScript(script: Script): Script;
  /** Also takes the script out of every playlist. */
  deleteScript(id: string): boolean;

  listPlaylists(): Playlist[];
  getPlaylist(id: string): Playlist | null;
  upsertPlaylist(playlist: Playlist): Playlist;
  /** Throws LibraryError `in-use` while a plan block runs the playlist. */
  deletePlaylist(id: string): boolean;

  listPlans(): Plan[];
  getPlan(id: string): Plan | null;
  /** The plan that is on air: the one marked active, else the first one; null when there is none. */
  getActivePlan(): Plan | null;
  /** The first plan stored becomes active; pass `activate` to make another one active. */
  upsertPlan(plan: Plan, options?: { activate?: boolean }): Plan;
  setActivePlan(id: string): void;
  deletePlan(id: string): boolean;

  /** Stored settings, with defaults for missing or invalid values. */
  getSettings(): Settings;
  /** Like getSettings, and says which stored values were invalid (they are never thrown). */
  readSettings(): { settings: Settings; problems: SettingsProblem[] };
  /** Merges the patch (one level deep for speech/aiLabel), validates the whole, stores it. */
  updateSettings(patch: SettingsPatch): Settings;

  snapshot(): LibrarySnapshot;

  asRunInsert(entry: AsRunInsert): number;
  /** Returns the updated entry. Throws `not-found` for an unknown id. */
  asRunUpdate(id: number, patch: AsRunPatch): AsRunEntry;
  asRunGet(id: number): AsRunEntry | null;
  /** The newest `limit` entries, newest first (by insertion order). */
  asRunTail(limit: number): AsRunEntry[];
  asRunCount(): number;
  /** Entries whose started_at is in [fromMs, toMs), oldest first. */
  asRunBetween(fromMs: number, toMs: number, limit?: number): AsRunEntry[];
  /** Entries whose planned start is in [fromMs, toMs), oldest first (also lines that never started). */
  asRunPlannedBetween(fromMs: number, toMs: number, limit?: number): AsRunEntry[];
  /** Deletes entries planned before `beforeMs`; returns how many. */
  asRunPrune(beforeMs: number): number;

  /** The persisted on-air state, or null when none (or when the stored value is unusable). */
  getPlayoutState(): PlayoutResumeState | null;
  readPlayoutState(): { state: PlayoutResumeState | null; problem: string | null };
  setPlayoutState(state: PlayoutResumeState): void;
  clearPlayoutState(): void;

  /** JSON value under `key` in the meta table; undefined when absent. */
  getMeta(key: string): unknown;
  setMeta(key: string, value: unknown): void;
  deleteMeta(key: string): boolean;
}

// ---------------------------------------------------------------------------------------------
// Row shapes (what better-sqlite3 returns)

interface ProductRow {
  id: string;
  name: string;
  price: number;
  original_price: number | null;
  currency: string;
  selling_points: string;
  stock: number | null;
  link: string | null;
  image: string | null;
  tags: string;
  options: string;
}
interface ScriptRow {
  id: string;
  title: string;
  kind: string;
  product_id: string | null;
  body: string;
  tags: string;
  options: string;
}
interface PlaylistRow {
  id: string;
  name: string;
  loop: number;
  shuffle: number;
  options: string;
}
interface PlaylistItemRow {
  playlist_id: string;
  position: number;
  type: string;
  script_id: string | null;
  product_id: string | null;
  tag: string | null;
  weight: number | null;
}
interface PlanRow {
  id: string;
  name: string;
  time_zone: string;
  options: string;
}
interface PlanBlockRow {
  plan_id: string;
  weekday: string;
  position: number;
  id: string;
  start_time: string;
  end_time: string;
  playlist_id: string;
  start_mode: string;
}
interface AsRunRow {
  id: number;
  line_id: string;
  planned_at: number;
  started_at: number | null;
  ended_at: number | null;
  block_id: string | null;
  playlist_id: string | null;
  script_id: string | null;
  text: string;
  engine: string;
  voice: string | null;
  cache_hit: number;
  outcome: string;
  note: string | null;
}
interface KeyValueRow {
  key: string;
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function badRow(table: string, id: string | number, detail: string): LibraryError {
  return new LibraryError(
    'invalid-row',
    `The library table "${table}" holds an invalid row (id ${JSON.stringify(id)}): ${detail}`,
  );
}

function jsonColumn(table: string, id: string | number, column: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRow(table, id, `column ${column} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function checkRow<S extends z.ZodType>(schema: S, table: string, id: string | number, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRow(table, id, describeIssues(result.error));
  return result.data;
}

function checkInput<S extends z.ZodType>(schema: S, what: string, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new LibraryError('invalid-input', `Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** Weekday keys in plan order (mon…sun). */
const PLAN_DAYS: readonly Weekday[] = WeekdaySchema.options;

// ---------------------------------------------------------------------------------------------

/**
 * The library over an open, migrated database. Every row read back is validated with the domain
 * schemas; every write is validated first and runs in a transaction.
 */
export function createLibraryStore(db: SqliteDatabase, options: LibraryStoreOptions = {}): LibraryStore {
  const version = getSchemaVersion(db);
  if (version !== LATEST_SCHEMA_VERSION) {
    throw new LibraryError(
      'database-open-failed',
      `The library file "${db.name}" is at schema version ${version}, expected ${LATEST_SCHEMA_VERSION}; ` +
        'run migrate() before createLibraryStore().',
    );
  }
  const fallbackLocale: Locale = options.locale ?? 'zh-CN';
  const now = options.now ?? Date.now;

  const transaction = <T>(fn: () => T): T => db.transaction(fn)();

  // --- statements -----------------------------------------------------------------------------
  const s = {
    countAll: db.prepare<[], { n: number }>(
      `SELECT (SELECT COUNT(*) FROM products) + (SELECT COUNT(*) FROM scripts)
            + (SELECT COUNT(*) FROM playlists) + (SELECT COUNT(*) FROM plans) AS n`,
    ),

    listProducts: db.prepare<[], ProductRow>('SELECT * FROM products ORDER BY position, id'),
    getProduct: db.prepare<[string], ProductRow>('SELECT * FROM products WHERE id = ?'),
    upsertProduct: db.prepare(
      `INSERT INTO products (id, position, name, price, original_price, currency, selling_points, stock,
                             link, image, tags, options, created_at, updated_at)
       VALUES (@id, (SELECT COALESCE(MAX(position), -1) + 1 FROM products), @name, @price, @originalPrice,
               @currency, @sellingPoints, @stock, @link, @image, @tags, @options, @now, @now)
       ON CONFLICT(id) DO UPDATE SET
         name = excluded.name, price = excluded.price, original_price = excluded.original_price,
         currency = excluded.currency, selling_points = excluded.selling_points, stock = excluded.stock,
         link = excluded.link, image = excluded.image, tags = excluded.tags, options = excluded.options,
         updated_at = excluded.updated_at`,
    ),
    deleteProduct: db.prepare<[string]>('DELETE FROM products WHERE id = ?'),
    productExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM products WHERE id = ?'),

    listScripts: db.prepare<
      { productId: string | null; anyProduct: number; kind: string | null },
      ScriptRow
    >(
      `SELECT * FROM scripts
        WHERE (@anyProduct = 1 OR product_id IS @productId) AND (@kind IS NULL OR kind = @kind)
        ORDER BY position, id`,
    ),
    getScript: db.prepare<[string], ScriptRow>('SELECT * FROM scripts WHERE id = ?'),
    upsertScript: db.prepare(
      `INSERT INTO scripts (id, position, title, kind, product_id, body, tags, options, created_at, updated_at)
       VALUES (@id, (SELECT COALESCE(MAX(position), -1) + 1 FROM scripts), @title, @kind, @productId, @body,
               @tags, @options, @now, @now)
       ON CONFLICT(id) DO UPDATE SET
         title = excluded.title, kind = excluded.kind, product_id = excluded.product_id, body = excluded.body,
         tags = excluded.tags, options = excluded.options, updated_at = excluded.updated_at`,
    ),
    deleteScript: db.prepare<[string]>('DELETE FROM scripts WHERE id = ?'),
    scriptExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM scripts WHERE id = ?'),

    listPlaylists: db.prepare<[], PlaylistRow>('SELECT * FROM playlists ORDER BY position, id'),
    getPlaylist: db.prepare<[string], PlaylistRow>('SELECT * FROM playlists WHERE id = ?'),
    allItems: db.prepare<[], PlaylistItemRow>('SELECT * FROM playlist_items ORDER BY playlist_id, position'),
    itemsOf: db.prepare<[string], PlaylistItemRow>(
      'SELECT * FROM playlist_items WHERE playlist_id = ? ORDER BY position',
    ),
    upsertPlaylist: db.prepare(
      `INSERT INTO playlists (id, position, name, loop, shuffle, options, created_at, updated_at)
       VALUES (@id, (SELECT COALESCE(MAX(position), -1) + 1 FROM playlists), @name, @loop, @shuffle, @options, @now, @now)
       ON CONFLICT(id) DO UPDATE SET
         name = excluded.name, loop = excluded.loop, shuffle = excluded.shuffle, options = excluded.options,
         updated_at = excluded.updated_at`,
    ),
    clearItems: db.prepare<[string]>('DELETE FROM playlist_items WHERE playlist_id = ?'),
    insertItem: db.prepare<[string, number, string, string | null, string | null, string | null, number | null]>(
      'INSERT INTO playlist_items (playlist_id, position, type, script_id, product_id, tag, weight) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deletePlaylist: db.prepare<[string]>('DELETE FROM playlists WHERE id = ?'),
    playlistExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM playlists WHERE id = ?'),
    plansUsingPlaylist: db.prepare<[string], { name: string }>(
      `SELECT DISTINCT p.name AS name FROM plan_blocks b JOIN plans p ON p.id = b.plan_id
        WHERE b.playlist_id = ? ORDER BY p.name`,
    ),

    listPlans: db.prepare<[], PlanRow>('SELECT * FROM plans ORDER BY position, id'),
    getPlan: db.prepare<[string], PlanRow>('SELECT * FROM plans WHERE id = ?'),
    activePlanId: db.prepare<[], { id: string }>('SELECT id FROM plans ORDER BY active DESC, position, id LIMIT 1'),
    anyActivePlan: db.prepare<[], { one: number }>('SELECT 1 AS one FROM plans WHERE active = 1 LIMIT 1'),
    blocksOf: db.prepare<[string], PlanBlockRow>(
      'SELECT * FROM plan_blocks WHERE plan_id = ? ORDER BY weekday, position',
    ),
    upsertPlan: db.prepare(
      `INSERT INTO plans (id, position, name, time_zone, active, options, created_at, updated_at)
       VALUES (@id, (SELECT COALESCE(MAX(position), -1) + 1 FROM plans), @name, @timeZone, 0, @options, @now, @now)
       ON CONFLICT(id) DO UPDATE SET
         name = excluded.name, time_zone = excluded.time_zone, options = excluded.options, updated_at = excluded.updated_at`,
    ),
    clearBlocks: db.prepare<[string]>('DELETE FROM plan_blocks WHERE plan_id = ?'),
    insertBlock: db.prepare(
      `INSERT INTO plan_blocks (plan_id, weekday, position, id, start_time, end_time, playlist_id, start_mode)
       VALUES (@planId, @weekday, @position, @id, @start, @end, @playlistId, @startMode)`,
    ),
    activatePlan: db.prepare<[string]>('UPDATE plans SET active = CASE WHEN id = ? THEN 1 ELSE 0 END'),
    deletePlan: db.prepare<[string]>('DELETE FROM plans WHERE id = ?'),

    settingsAll: db.prepare<[], KeyValueRow>('SELECT key, value FROM settings'),
    settingsPut: db.prepare<[string, string, number]>(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),

    metaGet: db.prepare<[string], KeyValueRow>('SELECT key, value FROM meta WHERE key = ?'),
    metaPut: db.prepare<[string, string, number]>(
      `INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    metaDelete: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),

    asRunInsert: db.prepare(
      `INSERT INTO as_run (line_id, planned_at, started_at, ended_at, block_id, playlist_id, script_id, text,
                           engine, voice, cache_hit, outcome, note)
       VALUES (@lineId, @plannedAt, @startedAt, @endedAt, @blockId, @playlistId, @scriptId, @text,
               @engine, @voice, @cacheHit, @outcome, @note)`,
    ),
    asRunUpdate: db.prepare(
      `UPDATE as_run SET line_id = @lineId, planned_at = @plannedAt, started_at = @startedAt, ended_at = @endedAt,
              block_id = @blockId, playlist_id = @playlistId, script_id = @scriptId, text = @text,
              engine = @engine, voice = @voice, cache_hit = @cacheHit, outcome = @outcome, note = @note
        WHERE id = @id`,
    ),
    asRunGet: db.prepare<[number], AsRunRow>('SELECT * FROM as_run WHERE id = ?'),
    asRunTail: db.prepare<[number], AsRunRow>('SELECT * FROM as_run ORDER BY id DESC LIMIT ?'),
    asRunCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM as_run'),
    asRunBetween: db.prepare<[number, number, number], AsRunRow>(
      'SELECT * FROM as_run WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id LIMIT ?',
    ),
    asRunPlannedBetween: db.prepare<[number, number, number], AsRunRow>(
      'SELECT * FROM as_run WHERE planned_at >= ? AND planned_at < ? ORDER BY id LIMIT ?',
    ),
    asRunPrune: db.prepare<[number]>('DELETE FROM as_run WHERE planned_at < ?'),
  };

  // --- row → domain ---------------------------------------------------------------------------
  const toProduct = (r: ProductRow): Product => {
    const options = ProductOptionsSchema.safeParse(jsonColumn('products', r.id, 'options', r.options));
    if (!options.success) throw badRow('products', r.id, `column options: ${describeIssues(options.error)}`);
    return checkRow(ProductSchema, 'products', r.id, {
      id: r.id,
      name: r.name,
      price: r.price,
      originalPrice: r.original_price,
      currency: r.currency,
      sellingPoints: jsonColumn('products', r.id, 'selling_points', r.selling_points),
      stock: r.stock,
      link: r.link,
      image: r.image,
      tags: jsonColumn('products', r.id, 'tags', r.tags),
      ...options.data,
    });
  };

  const toScript = (r: ScriptRow): Script => {
    const options = ScriptOptionsSchema.safeParse(jsonColumn('scripts', r.id, 'options', r.options));
    if (!options.success) throw badRow('scripts', r.id, `column options: ${describeIssues(options.error)}`);
    return checkRow(ScriptSchema, 'scripts', r.id, {
      id: r.id,
      title: r.title,
      kind: r.kind,
      productId: r.product_id,
      body: r.body,
      tags: jsonColumn('scripts', r.id, 'tags', r.tags),
      ...options.data,
    });
  };

  const toItem = (item: PlaylistItemRow): unknown => {
    const weight = item.weight === null ? {} : { weight: item.weight };
    if (item.type === 'script' && item.script_id !== null) return { type: 'script', scriptId: item.script_id, ...weight };
    if (item.type === 'product' && item.product_id !== null) return { type: 'product', productId: item.product_id, ...weight };
    if (item.type === 'tag' && item.tag !== null) return { type: 'tag', tag: item.tag, ...weight };
    throw badRow(
      'playlist_items',
      `${item.playlist_id}#${item.position}`,
      `unknown item type ${JSON.stringify(item.type)} or its script_id/product_id/tag missing`,
    );
  };

  const toPlaylist = (r: PlaylistRow, items: readonly PlaylistItemRow[]): Playlist => {
    const options = PlaylistOptionsSchema.safeParse(jsonColumn('playlists', r.id, 'options', r.options));
    if (!options.success) throw badRow('playlists', r.id, `column options: ${describeIssues(options.error)}`);
    return checkRow(PlaylistSchema, 'playlists', r.id, {
      id: r.id,
      name: r.name,
      items: items.map(toItem),
      loop: r.loop === 1,
      shuffle: r.shuffle === 1,
      ...options.data,
    });
  };

  const toPlan = (r: PlanRow): Plan => {
    const days = Object.fromEntries(PLAN_DAYS.map((d) => [d, [] as unknown[]])) as Record<string, unknown[]>;
    for (const b of s.blocksOf.all(r.id)) {
      const day = days[b.weekday];
      if (!day) throw badRow('plan_blocks', `${r.id}/${b.weekday}#${b.position}`, `unknown weekday ${b.weekday}`);
      day.push({ id: b.id, start: b.start_time, end: b.end_time, playlistId: b.playlist_id, startMode: b.start_mode });
    }
    const options = PlanOptionsSchema.safeParse(jsonColumn('plans', r.id, 'options', r.options));
    if (!options.success) throw badRow('plans', r.id, `column options: ${describeIssues(options.error)}`);
    return checkRow(PlanSchema, 'plans', r.id, { id: r.id, name: r.name, timeZone: r.time_zone, days, ...options.data });
  };

  const toAsRun = (r: AsRunRow): AsRunEntry =>
    checkRow(AsRunEntrySchema, 'as_run', r.id, {
      id: r.id,
      lineId: r.line_id,
      plannedAt: r.planned_at,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      blockId: r.block_id,
      playlistId: r.playlist_id,
      scriptId: r.script_id,
      text: r.text,
      engine: r.engine,
      voice: r.voice,
      cacheHit: r.cache_hit === 1,
      outcome: r.outcome,
      note: r.note,
    });

  const asRunParams = (e: Omit<AsRunEntry, 'id'>) => ({
    lineId: e.lineId,
    plannedAt: e.plannedAt,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    blockId: e.blockId,
    playlistId: e.playlistId,
    scriptId: e.scriptId,
    text: e.text,
    engine: e.engine,
    voice: e.voice,
    cacheHit: e.cacheHit ? 1 : 0,
    outcome: e.outcome,
    note: e.note,
  });

  // --- products -------------------------------------------------------------------------------
  const getProduct = (id: string): Product | null => {
    const row = s.getProduct.get(id);
    return row ? toProduct(row) : null;
  };

  const upsertProduct = (input: Product): Product => {
    const p = checkInput(ProductSchema, 'product', input);
    return transaction(() => {
      s.upsertProduct.run({
        id: p.id,
        name: p.name,
        price: p.price,
        originalPrice: p.originalPrice,
        currency: p.currency,
        sellingPoints: JSON.stringify(p.sellingPoints),
        stock: p.stock,
        link: p.link,
        image: p.image,
        tags: JSON.stringify(p.tags),
        options: productOptionsText(p),
        now: now(),
      });
      return getProduct(p.id) as Product;
    });
  };

  // --- scripts --------------------------------------------------------------------------------
  const getScript = (id: string): Script | null => {
    const row = s.getScript.get(id);
    return row ? toScript(row) : null;
  };

  const upsertScript = (input: Script): Script => {
    const sc = checkInput(ScriptSchema, 'script', input);
    return transaction(() => {
      if (sc.productId !== null && !s.productExists.get(sc.productId)) {
        throw new LibraryError(
          'invalid-input',
          `Invalid script "${sc.id}": it sells product "${sc.productId}", which is not in the library.`,
        );
      }
      s.upsertScript.run({
        id: sc.id,
        title: sc.title,
        kind: sc.kind,
        productId: sc.productId,
        body: sc.body,
        tags: JSON.stringify(sc.tags),
        options: JSON.stringify(sc.emotion !== undefined ? { emotion: sc.emotion } : {}),
        now: now(),
      });
      return getScript(sc.id) as Script;
    });
  };

  // --- playlists ------------------------------------------------------------------------------
  const getPlaylist = (id: string): Playlist | null => {
    const row = s.getPlaylist.get(id);
    return row ? toPlaylist(row, s.itemsOf.all(id)) : null;
  };

  const listPlaylists = (): Playlist[] => {
    const byPlaylist = new Map<string, PlaylistItemRow[]>();
    for (const item of s.allItems.all()) {
      const list = byPlaylist.get(item.playlist_id);
      if (list) list.push(item);
      else byPlaylist.set(item.playlist_id, [item]);
    }
    return s.listPlaylists.all().map((row) => toPlaylist(row, byPlaylist.get(row.id) ?? []));
  };

  const upsertPlaylist = (input: Playlist): Playlist => {
    const pl = checkInput(PlaylistSchema, 'playlist', input);
    return transaction(() => {
      const missing = [...new Set(pl.items.flatMap((i) => (i.type === 'script' ? [i.scriptId] : [])))].filter((id) => !s.scriptExists.get(id));
      if (missing.length > 0) {
        throw new LibraryError(
          'invalid-input',
          `Invalid playlist "${pl.id}": it names script(s) not in the library: ${missing.map((m) => `"${m}"`).join(', ')}.`,
        );
      }
      const missingProducts = [...new Set(pl.items.flatMap((i) => (i.type === 'product' ? [i.productId] : [])))].filter((id) => !s.getProduct.get(id));
      if (missingProducts.length > 0) {
        throw new LibraryError(
          'invalid-input',
          `Invalid playlist "${pl.id}": it names product(s) not in the library: ${missingProducts.map((m) => `"${m}"`).join(', ')}.`,
        );
      }
      const options: PlaylistOptions = { noRepeatWindow: pl.noRepeatWindow, rules: pl.rules };
      s.upsertPlaylist.run({
        id: pl.id,
        name: pl.name,
        loop: pl.loop ? 1 : 0,
        shuffle: pl.shuffle ? 1 : 0,
        options: JSON.stringify(options),
        now: now(),
      });
      s.clearItems.run(pl.id);
      pl.items.forEach((item, position) =>
        s.insertItem.run(
          pl.id,
          position,
          item.type,
          item.type === 'script' ? item.scriptId : null,
          item.type === 'product' ? item.productId : null,
          item.type === 'tag' ? item.tag : null,
          item.weight ?? null,
        ),
      );
      return getPlaylist(pl.id) as Playlist;
    });
  };

  const deletePlaylist = (id: string): boolean =>
    transaction(() => {
      const plans = s.plansUsingPlaylist.all(id).map((r) => `"${r.name}"`);
      if (plans.length > 0) {
        throw new LibraryError(
          'in-use',
          `The playlist "${id}" is used by the plan ${plans.join(', ')}; take it off the plan before deleting it.`,
        );
      }
      return s.deletePlaylist.run(id).changes > 0;
    });

  // --- plans ----------------------------------------------------------------------------------
  const getPlan = (id: string): Plan | null => {
    const row = s.getPlan.get(id);
    return row ? toPlan(row) : null;
  };

  const upsertPlan = (input: Plan, opts: { activate?: boolean } = {}): Plan => {
    const plan = checkInput(PlanSchema, 'plan', input);
    return transaction(() => {
      const blocks: Array<PlanBlock & { weekday: Weekday; position: number }> = [];
      for (const day of PLAN_DAYS) {
        plan.days[day].forEach((b, position) => blocks.push({ ...b, weekday: day, position }));
      }
      const named = [
        ...blocks.map((b) => b.playlistId),
        ...(plan.overrides ?? []).flatMap((o) => o.blocks.map((b) => b.playlistId)),
        ...(plan.gap?.mode === 'idle' ? [plan.gap.playlistId] : []),
      ];
      const missing = [...new Set(named)].filter((id) => !s.playlistExists.get(id));
      if (missing.length > 0) {
        throw new LibraryError(
          'invalid-input',
          `Invalid plan "${plan.id}": it runs playlist(s) not in the library: ${missing.map((m) => `"${m}"`).join(', ')}.`,
        );
      }
      const options: PlanOptions = { overrides: plan.overrides, gap: plan.gap, rules: plan.rules };
      s.upsertPlan.run({ id: plan.id, name: plan.name, timeZone: plan.timeZone, options: JSON.stringify(options), now: now() });
      s.clearBlocks.run(plan.id);
      for (const b of blocks) {
        s.insertBlock.run({
          planId: plan.id,
          weekday: b.weekday,
          position: b.position,
          id: b.id,
          start: b.start,
          end: b.end,
          playlistId: b.playlistId,
          startMode: b.startMode,
        });
      }
      if (opts.activate || !s.anyActivePlan.get()) s.activatePlan.run(plan.id);
      return getPlan(plan.id) as Plan;
    });
  };

  // --- settings -------------------------------------------------------------------------------
  const readSettings = (): { settings: Settings; problems: SettingsProblem[] } => {
    const stored = new Map(s.settingsAll.all().map((r) => [r.key, r.value]));
    const problems: SettingsProblem[] = [];
    const valueOf = <K extends SettingsKey>(key: K): Settings[K] | undefined => {
      const text = stored.get(key);
      if (text === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (err) {
        problems.push({ key, stored: text, reason: `not valid JSON (${err instanceof Error ? err.message : String(err)})` });
        return undefined;
      }
      // The shape's indexed type is a union TS cannot correlate with K; each entry is the schema of Settings[K].
      const schema = SettingsSchema.shape[key] as unknown as z.ZodType<Settings[K]>;
      const result = schema.safeParse(parsed);
      if (!result.success) {
        problems.push({ key, stored: text, reason: describeIssues(result.error, `$.${key}`) });
        return undefined;
      }
      return result.data;
    };
    const locale = valueOf('locale') ?? fallbackLocale;
    const defaults = defaultSettings(locale);
    const settings: Settings = {
      locale,
      speech: valueOf('speech') ?? defaults.speech,
      lineGapMs: valueOf('lineGapMs') ?? defaults.lineGapMs,
      aiLabel: valueOf('aiLabel') ?? defaults.aiLabel,
      stage: valueOf('stage') ?? defaults.stage,
      lint: valueOf('lint') ?? defaults.lint,
    };
    return { settings, problems };
  };

  const updateSettings = (patch: SettingsPatch): Settings =>
    transaction(() => {
      const current = readSettings().settings;
      const merged: Record<string, unknown> = { ...current };
      const patchRecord = patch as Record<string, unknown>;
      for (const key of Object.keys(patchRecord)) {
        const value = patchRecord[key];
        if (value === undefined) continue;
        if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
          throw new LibraryError('invalid-input', `Invalid settings: unknown setting "${key}".`);
        }
        const base = merged[key];
        merged[key] =
          typeof value === 'object' && value !== null && !Array.isArray(value) && typeof base === 'object' && base !== null
            ? { ...base, ...value }
            : value;
      }
      const next = checkInput(SettingsSchema, 'settings', merged);
      const t = now();
      for (const key of SETTINGS_KEYS) {
        if (patchRecord[key] !== undefined) s.settingsPut.run(key, JSON.stringify(next[key]), t);
      }
      return readSettings().settings;
    });

  // --- meta / playout state -------------------------------------------------------------------
  const getMeta = (key: string): unknown => {
    const row = s.metaGet.get(key);
    return row ? jsonColumn('meta', key, 'value', row.value) : undefined;
  };
  const setMeta = (key: string, value: unknown): void => {
    const text = JSON.stringify(value);
    if (text === undefined) throw new LibraryError('invalid-input', `Invalid meta value for "${key}": not JSON.`);
    s.metaPut.run(key, text, now());
  };

  const readPlayoutState = (): { state: PlayoutResumeState | null; problem: string | null } => {
    const row = s.metaGet.get(META_PLAYOUT_STATE);
    if (!row) return { state: null, problem: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.value) as unknown;
    } catch (err) {
      return { state: null, problem: `stored playout state is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
    }
    const result = PlayoutResumeStateSchema.safeParse(parsed);
    return result.success
      ? { state: result.data, problem: null }
      : { state: null, problem: `stored playout state is invalid: ${describeIssues(result.error)}` };
  };

  // --- as-run ---------------------------------------------------------------------------------
  const asRunGet = (id: number): AsRunEntry | null => {
    const row = s.asRunGet.get(id);
    return row ? toAsRun(row) : null;
  };

  const store: LibraryStore = {
    db,
    transaction,
    isEmpty: () => (s.countAll.get()?.n ?? 0) === 0,

    listProducts: () => s.listProducts.all().map(toProduct),
    getProduct,
    upsertProduct,
    deleteProduct: (id) => transaction(() => s.deleteProduct.run(id).changes > 0),

    listScripts: (filter = {}) =>
      s.listScripts
        .all({
          anyProduct: filter.productId === undefined ? 1 : 0,
          productId: filter.productId ?? null,
          kind: filter.kind ?? null,
        })
        .map(toScript),
    getScript,
    upsertScript,
    deleteScript: (id) => transaction(() => s.deleteScript.run(id).changes > 0),

    listPlaylists,
    getPlaylist,
    upsertPlaylist,
    deletePlaylist,

    listPlans: () => s.listPlans.all().map(toPlan),
    getPlan,
    getActivePlan: () => {
      const row = s.activePlanId.get();
      return row ? getPlan(row.id) : null;
    },
    upsertPlan,
    setActivePlan: (id) =>
      transaction(() => {
        if (!s.getPlan.get(id)) throw new LibraryError('not-found', `There is no plan "${id}" in the library.`);
        s.activatePlan.run(id);
      }),
    deletePlan: (id) => transaction(() => s.deletePlan.run(id).changes > 0),

    getSettings: () => readSettings().settings,
    readSettings,
    updateSettings,

    snapshot: () =>
      transaction(() => ({
        products: store.listProducts(),
        scripts: store.listScripts(),
        playlists: listPlaylists(),
        plan: store.getActivePlan(),
        settings: readSettings().settings,
      })),

    asRunInsert: (entry) => {
      const e = checkInput(AsRunInsertSchema, 'as-run entry', entry);
      return Number(s.asRunInsert.run(asRunParams(e)).lastInsertRowid);
    },
    asRunUpdate: (id, patch) => {
      const p = checkInput(AsRunPatchSchema, 'as-run update', patch);
      return transaction(() => {
        const current = asRunGet(id);
        if (!current) throw new LibraryError('not-found', `There is no as-run entry with id ${id}.`);
        const next: AsRunEntry = { ...current, ...p };
        s.asRunUpdate.run({ id, ...asRunParams(next) });
        return asRunGet(id) as AsRunEntry;
      });
    },
    asRunGet,
    asRunTail: (limit) => {
      if (!Number.isInteger(limit) || limit < 0) {
        throw new LibraryError('invalid-input', `Invalid as-run tail limit ${limit}: expected a whole number ≥ 0.`);
      }
      return s.asRunTail.all(limit).map(toAsRun);
    },
    asRunCount: () => s.asRunCount.get()?.n ?? 0,
    asRunBetween: (fromMs, toMs, limit = 100_000) => s.asRunBetween.all(fromMs, toMs, limit).map(toAsRun),
    asRunPlannedBetween: (fromMs, toMs, limit = 1_000_000) => s.asRunPlannedBetween.all(fromMs, toMs, limit).map(toAsRun),
    asRunPrune: (beforeMs) => s.asRunPrune.run(beforeMs).changes,

    getPlayoutState: () => readPlayoutState().state,
    readPlayoutState,
    setPlayoutState: (state) => {
      const valid = checkInput(PlayoutResumeStateSchema, 'playout state', state);
      setMeta(META_PLAYOUT_STATE, valid);
    },
    clearPlayoutState: () => {
      s.metaDelete.run(META_PLAYOUT_STATE);
    },

    getMeta,
    setMeta,
    deleteMeta: (key) => s.metaDelete.run(key).changes > 0,
  };
  return store;
}
