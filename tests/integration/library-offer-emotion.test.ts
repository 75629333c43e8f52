import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, bundleText, readBundleText, replaceStore } from '../../main/library/bundle';
import { openDatabase } from '../../main/library/database';
import { LibraryError } from '../../main/library/errors';
import { offerEndsAtFromCell, readProductsCsv } from '../../main/library/import-products';
import { readScriptsTable } from '../../main/library/import-scripts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, getSchemaVersion, migrate } from '../../main/library/migrations';
import { createLibraryStore, type LibraryStore } from '../../main/library/store';
import { ProductSchema, ScriptSchema, type Product, type Script } from '../../shared/domain';

const dirs: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function openDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagehost-offer-'));
  dirs.push(dir);
  const { db } = openDatabase(dir);
  closers.push(() => db.close());
  return db;
}
function freshStore(): LibraryStore {
  const db = openDb();
  migrate(db);
  return createLibraryStore(db, { locale: 'en-US' });
}

/** A product and a script as files written before offers and emotions existed. */
const OLD_PRODUCT = { id: 'p-mug', name: 'Mug', price: 19, originalPrice: 29, currency: 'USD', sellingPoints: ['Big'], stock: 3, link: null, image: null, tags: [] };
const OLD_SCRIPT = { id: 's-mug', title: 'Mug pitch', kind: 'sales', productId: 'p-mug', body: 'A mug for {{product.price}}.', tags: [] };
const OFFER = '2030-11-11T21:00:00+08:00';

describe('back-compat: files without an offer end or an emotion', () => {
  it('old product and script JSON still parse, with neither field', () => {
    const p = ProductSchema.parse(OLD_PRODUCT);
    const s = ScriptSchema.parse(OLD_SCRIPT);
    expect(p).not.toHaveProperty('offerEndsAt');
    expect(s).not.toHaveProperty('emotion');
    expect(ProductSchema.parse({ ...OLD_PRODUCT, offerEndsAt: null }).offerEndsAt).toBeNull();
  });

  it('an offer end must be a date-time with its offset; an emotion one of neutral, smile, excited', () => {
    expect(ProductSchema.safeParse({ ...OLD_PRODUCT, offerEndsAt: OFFER }).success).toBe(true);
    expect(ProductSchema.safeParse({ ...OLD_PRODUCT, offerEndsAt: '2030-11-11T13:00:00Z' }).success).toBe(true);
    expect(ProductSchema.safeParse({ ...OLD_PRODUCT, offerEndsAt: 'tomorrow' }).success).toBe(false);
    expect(ProductSchema.safeParse({ ...OLD_PRODUCT, offerEndsAt: '2030-11-11' }).success).toBe(false);
    expect(ProductSchema.safeParse({ ...OLD_PRODUCT, offerEndsAt: 1_900_000_000_000 }).success).toBe(false);
    expect(ScriptSchema.safeParse({ ...OLD_SCRIPT, emotion: 'excited' }).success).toBe(true);
    expect(ScriptSchema.safeParse({ ...OLD_SCRIPT, emotion: 'angry' }).success).toBe(false);
  });
});

describe('migration 4: product and script options', () => {
  it('a library at schema 3 with products and scripts migrates and reads them back unchanged', () => {
    const db = openDb();
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(getSchemaVersion(db)).toBe(3);
    db.prepare(
      `INSERT INTO products (id, position, name, price, original_price, currency, selling_points, stock, link, image, tags, created_at, updated_at)
       VALUES ('p-mug', 0, 'Mug', 19, 29, 'USD', '["Big"]', 3, NULL, NULL, '[]', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO scripts (id, position, title, kind, product_id, body, tags, created_at, updated_at)
       VALUES ('s-mug', 0, 'Mug pitch', 'sales', 'p-mug', 'A mug for {{product.price}}.', '[]', 1, 1)`,
    ).run();
    expect(migrate(db).applied).toEqual([`v4 ${MIGRATIONS[3]!.name}`]);
    expect(LATEST_SCHEMA_VERSION).toBe(4);
    const store = createLibraryStore(db);
    expect(store.getProduct('p-mug')).toEqual(OLD_PRODUCT);
    expect(store.getScript('s-mug')).toEqual(OLD_SCRIPT);

    store.upsertProduct({ ...store.getProduct('p-mug')!, offerEndsAt: OFFER });
    store.upsertScript({ ...store.getScript('s-mug')!, emotion: 'excited' });
    expect(store.getProduct('p-mug')?.offerEndsAt).toBe(OFFER);
    expect(store.getScript('s-mug')?.emotion).toBe('excited');
    expect(store.snapshot().scripts[0]?.emotion).toBe('excited');
    // Saving without the field clears it (the studio sends the whole product / script).
    store.upsertProduct(OLD_PRODUCT);
    store.upsertScript(OLD_SCRIPT as Script);
    expect(store.getProduct('p-mug')).toEqual(OLD_PRODUCT);
    expect(store.getScript('s-mug')).toEqual(OLD_SCRIPT);
  });

  it('a damaged options column is reported as an invalid row, not silently dropped', () => {
    const store = freshStore();
    store.upsertProduct(OLD_PRODUCT);
    store.db.prepare(`UPDATE products SET options = '{"offerEndsAt":"soon"}'`).run();
    expect(() => store.getProduct('p-mug')).toThrow(LibraryError);
    expect(() => store.getProduct('p-mug')).toThrow(/products.*p-mug.*options/s);
  });
});

describe('bundle and spreadsheet import carry them', () => {
  it('export → import into an empty library keeps the offer end and the emotion', () => {
    const a = freshStore();
    const product: Product = { ...OLD_PRODUCT, offerEndsAt: OFFER };
    a.upsertProduct(product);
    a.upsertProduct({ ...OLD_PRODUCT, id: 'p-plain', name: 'Plain' });
    a.upsertScript({ ...(OLD_SCRIPT as Script), emotion: 'neutral' });
    const text = bundleText(buildBundle(a));
    const parsed = readBundleText(text);
    expect(parsed.errors).toEqual([]);
    const b = freshStore();
    replaceStore(b, parsed);
    expect(b.getProduct('p-mug')).toEqual(product);
    expect(b.getProduct('p-plain')).not.toHaveProperty('offerEndsAt');
    expect(b.getScript('s-mug')?.emotion).toBe('neutral');
    expect(b.snapshot().products).toEqual(a.snapshot().products);
    expect(b.snapshot().scripts).toEqual(a.snapshot().scripts);
  });

  it('a version-1 bundle written before the fields existed imports as before', () => {
    const parsed = readBundleText(JSON.stringify({ format: 'stagehost.bundle', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [OLD_PRODUCT], scripts: [OLD_SCRIPT] }));
    expect(parsed.errors).toEqual([]);
    const store = freshStore();
    replaceStore(store, parsed);
    expect(store.getProduct('p-mug')).toEqual(OLD_PRODUCT);
    expect(store.getScript('s-mug')).toEqual(OLD_SCRIPT);
  });

  it('a bundle with a bad offer end or emotion names the item and the field', () => {
    const parsed = readBundleText(
      JSON.stringify({ format: 'stagehost.bundle', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [{ ...OLD_PRODUCT, offerEndsAt: 'next week' }], scripts: [{ ...OLD_SCRIPT, emotion: 'furious' }] }),
    );
    expect(parsed.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['products.offerEndsAt', 'scripts.emotion']));
  });

  it('a CSV may have an offer_ends_at column: ISO with offset, or local "YYYY-MM-DD HH:MM"; a bad one names row and cell', () => {
    const csv = ['name,price,offer_ends_at', `Mug,19,${OFFER}`, 'Kettle,39,2030-11-11 21:30', 'Plate,9,', 'Bowl,5,next friday'].join('\n');
    const r = readProductsCsv(csv, 'USD');
    expect(r.products.map((p) => [p.name, p.offerEndsAt])).toEqual([
      ['Mug', OFFER],
      ['Kettle', offerEndsAtFromCell('2030-11-11 21:30')],
      ['Plate', undefined],
    ]);
    expect(Date.parse(r.products[1]!.offerEndsAt!)).toBe(new Date(2030, 10, 11, 21, 30).getTime());
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 5, column: 'offer_ends_at', cell: 'C5' });
    expect(offerEndsAtFromCell('2030-02-30 10:00')).toBe('2030-02-30 10:00'); // no such day: left for the schema to refuse
  });

  it('the scripts sheet may have an emotion column', () => {
    const r = readScriptsTable(
      [
        { row: 1, fields: ['title', 'body', 'emotion'] },
        { row: 2, fields: ['Hello', 'Welcome!', 'Excited'] },
        { row: 3, fields: ['Bye', 'See you', ''] },
        { row: 4, fields: ['Odd', 'Hmm', 'grumpy'] },
      ],
      'Scripts',
      () => false,
    );
    expect(r.scripts.map((s) => [s.title, s.emotion])).toEqual([
      ['Hello', 'excited'],
      ['Bye', undefined],
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, column: 'emotion', code: 'not-allowed' })]);
  });
});
