import { z } from 'zod';

/**
 * Unsaved edits of the product and script drawers, kept in localStorage so nothing is lost when the
 * window is closed, reloaded or crashes mid-edit. One draft per item: `product:<id>`, `product:new`,
 * `script:<id>`, `script:new:<productId>` / `script:new:general`.
 */

/** The part of the Web Storage API drafts use (tests pass an in-memory one). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'stagehost.draft.';

/** The product form as plain JSON (the offer end is an ISO string, not a Dayjs). */
export const ProductDraftSchema = z.object({
  name: z.string(),
  price: z.number().nullable(),
  originalPrice: z.number().nullable(),
  currency: z.string(),
  sellingPoints: z.string(),
  stock: z.number().nullable(),
  link: z.string(),
  image: z.string(),
  tags: z.string(),
  offerEndsAt: z.string().nullable(),
});
export type ProductDraft = z.infer<typeof ProductDraftSchema>;

export const ScriptDraftSchema = z.object({
  title: z.string(),
  kind: z.string(),
  productId: z.string(),
  body: z.string(),
  emotion: z.string().nullable(),
});
export type ScriptDraft = z.infer<typeof ScriptDraftSchema>;

export interface Draft<T> {
  /** Epoch milliseconds of the last write. */
  savedAt: number;
  values: T;
}

export function productDraftKey(productId: string | null): string {
  return productId ? `product:${productId}` : 'product:new';
}

/** A new script's draft belongs to the product it is written for (or to the general scripts). */
export function scriptDraftKey(scriptId: string | null, productId: string | null): string {
  return scriptId ? `script:${scriptId}` : `script:new:${productId ?? 'general'}`;
}

/** Same values, whatever the key order (JSON of sorted keys). */
export function sameValues(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
    .join(',')}}`;
}

export class DraftStore {
  constructor(private readonly storage: DraftStorage) {}

  save<T>(key: string, values: T, now: number = Date.now()): void {
    try {
      this.storage.setItem(PREFIX + key, JSON.stringify({ savedAt: now, values }));
    } catch {
      // Storage full or unavailable: the drawer still works, only the safety net is gone.
    }
  }

  /** The stored draft, or null when there is none or it is unreadable (an unreadable one is removed). */
  load<T>(key: string, schema: z.ZodType<T>): Draft<T> | null {
    let raw: string | null;
    try {
      raw = this.storage.getItem(PREFIX + key);
    } catch {
      return null;
    }
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.clear(key);
      return null;
    }
    const parsed = z.object({ savedAt: z.number(), values: schema }).safeParse(json);
    if (!parsed.success) {
      this.clear(key);
      return null;
    }
    return { savedAt: parsed.data.savedAt, values: parsed.data.values as T };
  }

  clear(key: string): void {
    try {
      this.storage.removeItem(PREFIX + key);
    } catch {
      // Nothing to do: see save.
    }
  }
}

/**
 * Writes a drawer's values a little after the merchant stops typing. Values equal to what is saved
 * (the `base`) clear the draft instead: nothing unsaved, nothing to offer back.
 */
export class DraftWriter<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: T | null = null;
  /** Whether this writer stored a draft: only then do values back at `base` clear it (a draft left by an earlier session stays until the merchant decides). */
  private wrote = false;

  constructor(
    private readonly store: DraftStore,
    private readonly key: string,
    private readonly base: T,
    private readonly delayMs = 500,
    private readonly now: () => number = Date.now,
  ) {}

  isDirty(values: T): boolean {
    return !sameValues(values, this.base);
  }

  /** Remembers the latest values; stored after `delayMs` without another change. */
  update(values: T): void {
    this.pending = values;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Stores what is pending now (the window is going away). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const values = this.pending;
    this.pending = null;
    if (values === null) return;
    if (this.isDirty(values)) {
      this.store.save(this.key, values, this.now());
      this.wrote = true;
    } else if (this.wrote) {
      this.store.clear(this.key);
      this.wrote = false;
    }
  }

  /** Saved or discarded: forget the pending write and the stored draft. */
  discard(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.store.clear(this.key);
  }

  /** The drawer closed without a decision (kept editing elsewhere): stop the timer, keep what is stored. */
  dispose(): void {
    this.flush();
  }
}

/** The browser's localStorage, or an in-memory stand-in where there is none (a locked-down profile). */
export function browserDraftStore(): DraftStore {
  try {
    if (typeof localStorage !== 'undefined') return new DraftStore(localStorage);
  } catch {
    // Access denied: fall through.
  }
  return new DraftStore(memoryStorage());
}

export function memoryStorage(): DraftStorage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}
