import type { z } from 'zod';
import {
  PlanSchema,
  PlaylistSchema,
  ProductSchema,
  ScriptSchema,
  SettingsSchema,
  WeekdaySchema,
  type Plan,
  type Playlist,
  type Product,
  type Script,
  type Settings,
} from '../../shared/domain';
import { BUNDLE_FORMAT, BUNDLE_VERSION, StoreBundleSchema, importProblem, type ImportProblem, type StoreBundleContent } from '../../shared/import';
import { codeOfIssue } from '../../shared/import-issues';
import { productOptionsText, type LibraryStore } from './store';

/**
 * The JSON store bundle: the whole store (products, scripts, playlists, every plan with its overrides
 * and rules, which plan is on air, the settings) — never secrets: the Azure key is kept apart (secret
 * store) and is not part of the settings. Version 2; version 1 (products and scripts) is still read.
 */

/** Everything in the library, in the library's order. */
export function buildBundle(store: LibraryStore, now: Date = new Date()): StoreBundleContent {
  return store.transaction(() => ({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    products: store.listProducts(),
    scripts: store.listScripts(),
    playlists: store.listPlaylists(),
    plans: store.listPlans(),
    activePlanId: store.getActivePlan()?.id ?? null,
    settings: store.getSettings(),
  }));
}

export const bundleText = (bundle: StoreBundleContent): string => `${JSON.stringify(bundle, null, 2)}\n`;

type Rowed<T> = T & { row: number };

/** A bundle read and checked item by item: the good items (with their 1-based index as `row`) and every problem. */
export interface ParsedBundle {
  version: 1 | 2;
  exportedAt: string | null;
  products: Array<Rowed<Product>>;
  scripts: Array<Rowed<Script>>;
  playlists: Array<Rowed<Playlist>>;
  plans: Array<Rowed<Plan>>;
  activePlanId: string | null;
  /** null in a version-1 bundle (it has none): the library keeps its settings. */
  settings: Settings | null;
  errors: ImportProblem[];
}

const empty = (errors: ImportProblem[]): ParsedBundle => ({
  version: 2,
  exportedAt: null,
  products: [],
  scripts: [],
  playlists: [],
  plans: [],
  activePlanId: null,
  settings: null,
  errors,
});

/** Where the ids that items point at can be found besides the file (the library, when merging). */
export interface BundleLookup {
  hasProduct(id: string): boolean;
  hasScript(id: string): boolean;
  hasPlaylist(id: string): boolean;
}
const NOTHING: BundleLookup = { hasProduct: () => false, hasScript: () => false, hasPlaylist: () => false };

export function libraryLookup(store: LibraryStore): BundleLookup {
  return {
    hasProduct: (id) => store.getProduct(id) !== null,
    hasScript: (id) => store.getScript(id) !== null,
    hasPlaylist: (id) => store.getPlaylist(id) !== null,
  };
}

/**
 * Reads a bundle's text and checks every item: its shape, duplicate ids, and that what it points at
 * (a script's product, a playlist's scripts and products, a plan's playlists) is in the file or, when
 * `lookup` is given, in the library. Never throws for a bad file.
 */
export function readBundleText(text: string, lookup: BundleLookup = NOTHING): ParsedBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return empty([importProblem('not-json', { row: 0 }, { detail: (e as Error).message })]);
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as { format?: unknown; version?: unknown }) : null;
  if (version?.format === BUNDLE_FORMAT && typeof version.version === 'number' && version.version > BUNDLE_VERSION) {
    return empty([importProblem('bundle-too-new', { row: 0 }, { version: version.version })]);
  }
  const envelope = StoreBundleSchema.safeParse(raw);
  if (!envelope.success) return empty([importProblem('not-bundle', { row: 0 })]);
  const b = envelope.data;
  const errors: ImportProblem[] = [];

  const items = <S extends z.ZodType<{ id: string }>>(list: readonly unknown[], schema: S, section: string): Array<Rowed<z.output<S>>> => {
    const out: Array<Rowed<z.output<S>>> = [];
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const row = i + 1;
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const { code, params } = codeOfIssue(issue, item);
          errors.push(importProblem(code, { row, column: [section, ...issue.path.map(String)].join('.') }, params));
        }
        return;
      }
      const id = parsed.data.id;
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push(importProblem('duplicate-id', { row, column: `${section}.id` }, { first, id }));
        return;
      }
      seen.set(id, row);
      out.push({ ...parsed.data, row });
    });
    return out;
  };

  const products = items(b.products, ProductSchema, 'products');
  const scripts = items(b.scripts, ScriptSchema, 'scripts');
  const playlists = b.version === 2 ? items(b.playlists, PlaylistSchema, 'playlists') : [];
  const plans = b.version === 2 ? items(b.plans, PlanSchema, 'plans') : [];
  let settings: Settings | null = null;
  if (b.version === 2) {
    const parsed = SettingsSchema.safeParse(b.settings);
    if (parsed.success) settings = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const { code, params } = codeOfIssue(issue, b.settings);
        errors.push(importProblem(code, { row: 1, column: ['settings', ...issue.path.map(String)].join('.') }, params));
      }
    }
  }

  // What the items point at: in the file, or (merging) in the library.
  const productIds = new Set(products.map((p) => p.id));
  const scriptIds = new Set(scripts.map((s) => s.id));
  const playlistIds = new Set(playlists.map((p) => p.id));
  // Items that were left out for their own errors still count as "in the file" (no second error for them).
  const idsOf = (list: readonly unknown[]) => new Set(list.flatMap((x) => (typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' ? [(x as { id: string }).id] : [])));
  const rawProducts = idsOf(b.products);
  const rawScripts = idsOf(b.scripts);
  const rawPlaylists = b.version === 2 ? idsOf(b.playlists) : new Set<string>();
  const hasProduct = (id: string) => productIds.has(id) || rawProducts.has(id) || lookup.hasProduct(id);
  const hasScript = (id: string) => scriptIds.has(id) || rawScripts.has(id) || lookup.hasScript(id);
  const hasPlaylist = (id: string) => playlistIds.has(id) || rawPlaylists.has(id) || lookup.hasPlaylist(id);

  for (const s of scripts) {
    if (s.productId !== null && !hasProduct(s.productId)) errors.push(importProblem('unknown-product', { row: s.row, column: 'scripts.productId' }, { id: s.productId }));
  }
  for (const pl of playlists) {
    pl.items.forEach((item, j) => {
      if (item.type === 'script' && !hasScript(item.scriptId)) errors.push(importProblem('unknown-script', { row: pl.row, column: `playlists.items.${j}.scriptId` }, { id: item.scriptId }));
      if (item.type === 'product' && !hasProduct(item.productId)) errors.push(importProblem('unknown-product', { row: pl.row, column: `playlists.items.${j}.productId` }, { id: item.productId }));
    });
  }
  for (const plan of plans) {
    for (const day of WeekdaySchema.options) {
      plan.days[day].forEach((block, j) => {
        if (!hasPlaylist(block.playlistId)) errors.push(importProblem('unknown-playlist', { row: plan.row, column: `plans.days.${day}.${j}.playlistId` }, { id: block.playlistId }));
      });
    }
    (plan.overrides ?? []).forEach((o, k) =>
      o.blocks.forEach((block, j) => {
        if (!hasPlaylist(block.playlistId)) {
          errors.push(importProblem('unknown-playlist', { row: plan.row, column: `plans.overrides.${k}.blocks.${j}.playlistId` }, { id: block.playlistId }));
        }
      }),
    );
    if (plan.gap?.mode === 'idle' && !hasPlaylist(plan.gap.playlistId)) {
      errors.push(importProblem('unknown-playlist', { row: plan.row, column: 'plans.gap.playlistId' }, { id: plan.gap.playlistId }));
    }
  }
  const activePlanId = b.version === 2 ? b.activePlanId : null;
  if (b.version === 2 && activePlanId !== null && !idsOf(b.plans).has(activePlanId)) errors.push(importProblem('unknown-plan', { row: 1, column: 'activePlanId' }, { id: activePlanId }));

  errors.sort((a, c) => a.row - c.row);
  return { version: b.version, exportedAt: b.exportedAt, products, scripts, playlists, plans, activePlanId, settings, errors };
}

const strip = <T extends { row: number }>({ row: _row, ...rest }: T): Omit<T, 'row'> => rest;

/**
 * The products of an import, in the caller's transaction. Same statement as store.upsertProduct, but
 * with positions given once: the store's per-row `MAX(position)` has no index to use, which makes a
 * 10,000-row import quadratic (≈13 s on a busy machine vs ≈2 s). TODO: once a migration adds an index on
 * products(position), go back to store.upsertProduct. Rows were validated by ProductSchema already.
 */
export function bulkUpsertProducts(store: LibraryStore, products: readonly Product[]): void {
  const next = store.db.prepare<[], { n: number }>('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM products').get()?.n ?? 0;
  const upsert = store.db.prepare(
    `INSERT INTO products (id, position, name, price, original_price, currency, selling_points, stock,
                           link, image, tags, options, created_at, updated_at)
     VALUES (@id, @position, @name, @price, @originalPrice, @currency, @sellingPoints, @stock, @link, @image, @tags, @options, @now, @now)
     ON CONFLICT(id) DO UPDATE SET
       name = excluded.name, price = excluded.price, original_price = excluded.original_price,
       currency = excluded.currency, selling_points = excluded.selling_points, stock = excluded.stock,
       link = excluded.link, image = excluded.image, tags = excluded.tags, options = excluded.options,
       updated_at = excluded.updated_at`,
  );
  const now = Date.now();
  products.forEach((input, i) => {
    const p = ProductSchema.parse(input);
    upsert.run({
      id: p.id,
      position: next + i,
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
      now,
    });
  });
}

/** Adds (or replaces by id) every item of a checked bundle, in the caller's transaction. Settings and the plan on air come from the file. */
export function mergeBundle(store: LibraryStore, bundle: ParsedBundle): void {
  bulkUpsertProducts(store, bundle.products.map(strip));
  for (const s of bundle.scripts) store.upsertScript(strip(s));
  for (const pl of bundle.playlists) store.upsertPlaylist(strip(pl));
  for (const plan of bundle.plans) store.upsertPlan(strip(plan));
  if (bundle.activePlanId !== null) store.setActivePlan(bundle.activePlanId);
  if (bundle.settings !== null) store.updateSettings(bundle.settings);
}

/**
 * Replaces the library's products, scripts, playlists, plans (and settings, when the bundle has them)
 * with the bundle's, in ONE transaction: if anything fails, the library is as it was. The as-run log is kept.
 */
export function replaceStore(store: LibraryStore, bundle: ParsedBundle): void {
  if (bundle.errors.length > 0) throw new Error('replaceStore: the bundle has errors; check it with readBundleText first');
  store.transaction(() => {
    // Plans first (their blocks RESTRICT playlists), then playlists (items cascade), scripts, products.
    for (const table of ['plans', 'playlists', 'scripts', 'products']) store.db.prepare(`DELETE FROM ${table}`).run();
    mergeBundle(store, bundle);
  });
}
