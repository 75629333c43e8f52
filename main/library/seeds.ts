import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  LocaleSchema,
  PlanSchema,
  PlaylistSchema,
  ProductSchema,
  ScriptSchema,
  SettingsSchema,
  WeekdaySchema,
  type Locale,
} from '../../shared/domain';
import { LibraryError, describeIssues, errorCode, errorMessage } from './errors';
import type { LibraryStore } from './store';

/** Meta key recording that the demo store was loaded (or deliberately skipped) once. */
export const META_SEEDED = 'seeds.applied';

function checkUnique(
  ctx: z.RefinementCtx,
  items: readonly { id: string }[],
  key: string,
  what: string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate ${what} id "${item.id}" (also at ${key}[${first}])` });
    } else seen.set(item.id, i);
  });
}

/** The shape of seeds/<locale>.json. */
export const SeedFileSchema = z
  .object({
    format: z.literal('stagehost-seed'),
    version: z.literal(1),
    locale: LocaleSchema,
    products: z.array(ProductSchema),
    scripts: z.array(ScriptSchema),
    playlists: z.array(PlaylistSchema),
    plan: PlanSchema,
    settings: SettingsSchema,
  })
  .strict()
  .superRefine((seed, ctx) => {
    checkUnique(ctx, seed.products, 'products', 'product');
    checkUnique(ctx, seed.scripts, 'scripts', 'script');
    checkUnique(ctx, seed.playlists, 'playlists', 'playlist');
    const products = new Set(seed.products.map((p) => p.id));
    const scripts = new Set(seed.scripts.map((s) => s.id));
    const playlists = new Set(seed.playlists.map((p) => p.id));
    seed.scripts.forEach((s, i) => {
      if (s.productId !== null && !products.has(s.productId)) {
        ctx.addIssue({ code: 'custom', path: ['scripts', i, 'productId'], message: `no product "${s.productId}" in this file` });
      }
    });
    seed.playlists.forEach((pl, i) =>
      pl.items.forEach((item, j) => {
        if (item.type === 'product' && !products.has(item.productId)) {
          ctx.addIssue({ code: 'custom', path: ['playlists', i, 'items', j, 'productId'], message: `no product "${item.productId}" in this file` });
        }
        if (item.type === 'script' && !scripts.has(item.scriptId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['playlists', i, 'items', j, 'scriptId'],
            message: `no script "${item.scriptId}" in this file`,
          });
        }
      }),
    );
    for (const day of WeekdaySchema.options) {
      seed.plan.days[day].forEach((block, j) => {
        if (!playlists.has(block.playlistId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['plan', 'days', day, j, 'playlistId'],
            message: `no playlist "${block.playlistId}" in this file`,
          });
        }
      });
    }
    if (seed.settings.locale !== seed.locale) {
      ctx.addIssue({ code: 'custom', path: ['settings', 'locale'], message: `must equal the file's locale "${seed.locale}"` });
    }
  });
export type SeedFile = z.infer<typeof SeedFileSchema>;

export function seedFilePath(seedsDir: string, locale: Locale): string {
  return path.join(path.resolve(seedsDir), `${locale}.json`);
}

/** Reads and validates one seed file; errors name the file and the JSON path. */
export function readSeedFile(file: string): SeedFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new LibraryError(
      'seed-missing',
      `The demo store file "${file}" cannot be read (${errorCode(err) ?? errorMessage(err)}).`,
      { cause: err },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (err) {
    throw new LibraryError('seed-invalid', `The demo store file "${file}" is not valid JSON: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  const result = SeedFileSchema.safeParse(json);
  if (!result.success) {
    throw new LibraryError('seed-invalid', `The demo store file "${file}" is invalid: ${describeIssues(result.error)}`);
  }
  return result.data;
}

export interface SeedCounts {
  products: number;
  scripts: number;
  playlists: number;
  plans: number;
}

export type SeedResult =
  | { loaded: true; file: string; counts: SeedCounts }
  | {
      loaded: false;
      /**
       * already-seeded: the demo was loaded (or skipped) on an earlier run;
       * library-not-empty: the library already had content, so the demo was not mixed in.
       */
      reason: 'already-seeded' | 'library-not-empty';
    };

/** What is stored under META_SEEDED. */
export interface SeedRecord {
  at: number;
  locale: Locale | null;
  /** Set when the demo was not loaded, and why. */
  skipped?: 'library-not-empty' | 'recovered';
}

/**
 * Loads the demo store for `locale` once, on first run: all in one transaction, recorded in meta
 * so that a merchant who deletes everything does not get the demo back. A library that already
 * has content is left alone (and recorded as seeded).
 */
export function loadSeedsIfEmpty(
  store: LibraryStore,
  locale: Locale,
  seedsDir: string,
  options: { now?: () => number } = {},
): SeedResult {
  const now = options.now ?? Date.now;
  if (store.getMeta(META_SEEDED) !== undefined) return { loaded: false, reason: 'already-seeded' };
  if (!store.isEmpty()) {
    const record: SeedRecord = { at: now(), locale: null, skipped: 'library-not-empty' };
    store.setMeta(META_SEEDED, record);
    return { loaded: false, reason: 'library-not-empty' };
  }
  const file = seedFilePath(seedsDir, locale);
  const seed = readSeedFile(file);
  // IMMEDIATE: take the write lock before checking again, so two processes cannot both seed.
  return store.db
    .transaction((): SeedResult => {
      if (store.getMeta(META_SEEDED) !== undefined) return { loaded: false, reason: 'already-seeded' };
      for (const p of seed.products) store.upsertProduct(p);
      for (const s of seed.scripts) store.upsertScript(s);
      for (const pl of seed.playlists) store.upsertPlaylist(pl);
      store.upsertPlan(seed.plan, { activate: true });
      store.updateSettings(seed.settings);
      const record: SeedRecord = { at: now(), locale };
      store.setMeta(META_SEEDED, record);
      return {
        loaded: true,
        file,
        counts: { products: seed.products.length, scripts: seed.scripts.length, playlists: seed.playlists.length, plans: 1 },
      };
    })
    .immediate();
}

/** Records that the demo must not be loaded into this library (e.g. after recovering a damaged file). */
export function markSeedsSkipped(store: LibraryStore, reason: 'recovered', options: { now?: () => number } = {}): void {
  if (store.getMeta(META_SEEDED) !== undefined) return;
  const record: SeedRecord = { at: (options.now ?? Date.now)(), locale: null, skipped: reason };
  store.setMeta(META_SEEDED, record);
}
