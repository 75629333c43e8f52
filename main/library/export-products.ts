import writeXlsxFile from 'write-excel-file/node';
import { toCsv } from '../../shared/csv';
import type { Locale, Product, Script } from '../../shared/domain';
import { scriptRows, scriptSheetName } from './import-scripts';

/** Header names of the products sheet, in the merchant's language; import reads both languages back. */
const HEADERS: Record<Locale, readonly string[]> = {
  'zh-CN': ['编号', '名称', '价格', '原价', '货币', '卖点', '库存', '链接', '图片', '标签', '优惠截止时间'],
  'en-US': ['id', 'name', 'price', 'original_price', 'currency', 'selling_points', 'stock', 'link', 'image', 'tags', 'offer_ends_at'],
};

/** Products as rows (header first). Lists are joined with " | ", which import splits again. */
export function productRows(products: readonly Product[], locale: Locale): Array<Array<string | number | null>> {
  return [
    [...HEADERS[locale]],
    ...products.map((p) => [p.id, p.name, p.price, p.originalPrice, p.currency, p.sellingPoints.join(' | '), p.stock, p.link, p.image, p.tags.join(' | '), p.offerEndsAt ?? null]),
  ];
}

/** CSV text with a UTF-8 BOM (so Excel opens Chinese text correctly) and CRLF line ends. */
export function productsCsv(products: readonly Product[], locale: Locale): string {
  return `\uFEFF${toCsv(productRows(products, locale).map((r) => r.map((v) => (v === null ? '' : String(v)))))}`;
}

const cells = (rows: ReadonlyArray<ReadonlyArray<string | number | null>>) =>
  rows.map((r, i) => r.map((v) => (v === null || v === '' ? null : i === 0 ? { value: String(v), fontWeight: 'bold' as const } : v)));

/** An .xlsx workbook: a sheet of products (商品 / Products) and, when given, a sheet of their scripts (话术 / Scripts). Import reads both back. */
export async function productsXlsx(products: readonly Product[], locale: Locale, scripts?: readonly Script[]): Promise<Buffer> {
  const sheets = [{ sheet: locale === 'zh-CN' ? '商品' : 'Products', data: cells(productRows(products, locale)), stickyRowsCount: 1, columns: [{ width: 16 }, { width: 30 }, {}, {}, {}, { width: 40 }] }];
  if (scripts) sheets.push({ sheet: scriptSheetName(locale), data: cells(scriptRows(scripts, locale)), stickyRowsCount: 1, columns: [{ width: 16 }, { width: 24 }, {}, { width: 16 }, { width: 60 }, {}] });
  return writeXlsxFile(sheets).toBuffer();
}
