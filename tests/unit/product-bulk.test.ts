import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/domain';
import { allTags, applyBulk, filterProducts } from '../../shared/product-bulk';

const product = (id: string, over: Partial<Product> = {}): Product => ({
  id,
  name: `Product ${id}`,
  price: 100,
  originalPrice: null,
  currency: 'CNY',
  sellingPoints: [],
  stock: 50,
  link: null,
  image: null,
  tags: [],
  ...over,
});

describe('products list filters', () => {
  const list = [product('a', { tags: ['厨房', '爆款'], stock: 3 }), product('b', { tags: ['家居'], stock: 10 }), product('c', { tags: ['厨房'], stock: null }), product('d', { name: 'Pan', stock: 11 })];
  it('filters by tag, by low stock (≤ 10, unknown stock is not low) and by text together', () => {
    expect(filterProducts(list, { tag: '厨房' }).map((p) => p.id)).toEqual(['a', 'c']);
    expect(filterProducts(list, { lowStock: true }).map((p) => p.id)).toEqual(['a', 'b']);
    expect(filterProducts(list, { tag: '厨房', lowStock: true }).map((p) => p.id)).toEqual(['a']);
    expect(filterProducts(list, { query: 'pan' }).map((p) => p.id)).toEqual(['d']);
    expect(filterProducts(list, { query: '爆' }).map((p) => p.id)).toEqual(['a']);
    expect(filterProducts(list, {}).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(allTags(list)).toEqual([...new Set(['厨房', '爆款', '家居'])].sort((x, y) => x.localeCompare(y)));
  });
});

describe('bulk edit of products', () => {
  it('adds and removes a tag, leaving products that already have it (or lack it) unchanged', () => {
    expect(applyBulk(product('a', { tags: ['x'] }), { kind: 'addTag', tag: ' 新品 ' })?.tags).toEqual(['x', '新品']);
    expect(applyBulk(product('a', { tags: ['新品'] }), { kind: 'addTag', tag: '新品' })).toBeNull();
    expect(applyBulk(product('a', { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) }), { kind: 'addTag', tag: 'one more' })).toBeNull();
    expect(applyBulk(product('a', { tags: ['x', '新品'] }), { kind: 'removeTag', tag: '新品' })?.tags).toEqual(['x']);
    expect(applyBulk(product('a', { tags: ['x'] }), { kind: 'removeTag', tag: '新品' })).toBeNull();
  });

  it('sets stock and changes price by a percentage, rounded to cents and never negative', () => {
    expect(applyBulk(product('a'), { kind: 'setStock', stock: 0 })?.stock).toBe(0);
    expect(applyBulk(product('a'), { kind: 'setStock', stock: -1 })).toBeNull();
    expect(applyBulk(product('a', { price: 19.99 }), { kind: 'pricePercent', percent: -15 })?.price).toBe(16.99);
    expect(applyBulk(product('a', { price: 89 }), { kind: 'pricePercent', percent: 10 })?.price).toBe(97.9);
    expect(applyBulk(product('a', { price: 89 }), { kind: 'pricePercent', percent: -150 })?.price).toBe(0);
    expect(applyBulk(product('a'), { kind: 'pricePercent', percent: 0 })).toBeNull();
  });
});
