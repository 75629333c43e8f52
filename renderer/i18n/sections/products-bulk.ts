import type { Widen } from '../messages';

/** Studio strings: products list filters and bulk edit. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const productsBulkZh = {
  tagFilter: '按标签筛选',
  lowStock: '库存不多（≤ {{count}}）',
  selected: '已选 {{count}} 个商品',
  clear: '取消选择',
  tagPlaceholder: '标签',
  addTag: '加标签',
  removeTag: '去标签',
  stockPlaceholder: '库存',
  setStock: '设库存',
  percentPlaceholder: '涨跌 %',
  changePrice: '改价格',
  percentHint: '例如 -10 表示降价 10%，10 表示涨价 10%',
  done: '已更新 {{count}} 个商品',
  nothing: '所选商品都不需要修改',
  failed: '有商品没有更新：{{message}}',
  noMatch: '没有符合筛选条件的商品：换个标签或取消“库存不多”。',
};

export const productsBulkEn: Widen<typeof productsBulkZh> = {
  tagFilter: 'Filter by tag',
  lowStock: 'Low stock (≤ {{count}})',
  selected: '{{count}} products selected',
  clear: 'Clear selection',
  tagPlaceholder: 'Tag',
  addTag: 'Add tag',
  removeTag: 'Remove tag',
  stockPlaceholder: 'Stock',
  setStock: 'Set stock',
  percentPlaceholder: 'Change %',
  changePrice: 'Change price',
  percentHint: 'For example -10 lowers prices by 10 %, 10 raises them by 10 %',
  done: 'Updated {{count}} products',
  nothing: 'None of the selected products needed a change',
  failed: 'Some products were not updated: {{message}}',
  noMatch: 'No product matches the filters: pick another tag or untick “Low stock”.',
};
