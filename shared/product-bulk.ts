import type { Product } from './domain';

/** Stock at or below this counts as low (the products list filter). */
export const LOW_STOCK = 10;

export interface ProductFilter {
  /** Matches the name or a tag, case-insensitively. */
  query?: string;
  /** Only products with this tag. */
  tag?: string | null;
  /** Only products with a known stock at or below `LOW_STOCK`. */
  lowStock?: boolean;
}

export function filterProducts(products: readonly Product[], f: ProductFilter): Product[] {
  const q = (f.query ?? '').trim().toLowerCase();
  return products.filter(
    (p) =>
      (!q || p.name.toLowerCase().includes(q) || p.tags.some((tag) => tag.toLowerCase().includes(q))) &&
      (!f.tag || p.tags.includes(f.tag)) &&
      (!f.lowStock || (p.stock !== null && p.stock <= LOW_STOCK)),
  );
}

/** Every tag used by some product, sorted. */
export function allTags(products: readonly Product[]): string[] {
  return [...new Set(products.flatMap((p) => p.tags))].sort((a, b) => a.localeCompare(b));
}

export type BulkAction =
  | { kind: 'addTag'; tag: string }
  | { kind: 'removeTag'; tag: string }
  | { kind: 'setStock'; stock: number }
  /** Price changed by this many percent (-20 = 20 % off), rounded to cents; never below 0. */
  | { kind: 'pricePercent'; percent: number };

/** The product after the action, or null when the action changes nothing (or cannot apply: a 21st tag). */
export function applyBulk(p: Product, a: BulkAction): Product | null {
  switch (a.kind) {
    case 'addTag': {
      const tag = a.tag.trim();
      if (!tag || tag.length > 40 || p.tags.includes(tag) || p.tags.length >= 20) return null;
      return { ...p, tags: [...p.tags, tag] };
    }
    case 'removeTag':
      return p.tags.includes(a.tag) ? { ...p, tags: p.tags.filter((t) => t !== a.tag) } : null;
    case 'setStock': {
      if (!Number.isInteger(a.stock) || a.stock < 0 || p.stock === a.stock) return null;
      return { ...p, stock: a.stock };
    }
    case 'pricePercent': {
      if (!Number.isFinite(a.percent) || a.percent === 0) return null;
      const price = Math.max(0, Math.round(p.price * (1 + a.percent / 100) * 100) / 100);
      return price === p.price ? null : { ...p, price };
    }
  }
}
