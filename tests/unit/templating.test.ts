import { describe, expect, it } from 'vitest';
import { resolveScript, seededRandom } from '../../shared/templating';

const product = { name: '保温杯', price: 89, originalPrice: 129, sellingPoints: ['12小时保温', '一键开盖'] };

describe('resolveScript', () => {
  it('fills product variables and splits sentences into lines', () => {
    const r = resolveScript('这款{{product.name}}只要{{product.price}}元！{{product.sellingPoints.0}}。', { product }, seededRandom(1));
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => l.text)).toEqual(['这款保温杯只要89元！', '12小时保温。']);
  });

  it('picks one variant per group and does not repeat the same variant twice running', () => {
    const last = new Map<string, number>();
    const picks: string[] = [];
    for (let seed = 0; seed < 30; seed++) {
      picks.push(resolveScript('{欢迎|你好|哈喽}', {}, seededRandom(seed), last).lines[0]!.text);
    }
    expect(new Set(picks).size).toBe(3);
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });

  it('passes cues to the line they precede and turns [pause N] into silence after a line', () => {
    const r = resolveScript('[wave]大家好。[pause 800][card:on]看这里！', {}, seededRandom(2));
    expect(r.lines).toEqual([
      { text: '大家好。', cues: ['wave'], pauseAfterMs: 800 },
      { text: '看这里！', cues: ['card:on'], pauseAfterMs: 0 },
    ]);
  });

  it('reports a variable that names a missing product field, and still speaks the rest', () => {
    const r = resolveScript('现在下单{{product.coupon}}立减。', { product }, seededRandom(3));
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'missing-variable', detail: 'product.coupon' })]);
    expect(r.lines[0]!.text).toBe('现在下单立减。');
  });

  it('splits English at sentence ends but not inside prices', () => {
    const r = resolveScript('Only $19.99 today. Grab it now!', {}, seededRandom(4));
    expect(r.lines.map((l) => l.text)).toEqual(['Only $19.99 today.', 'Grab it now!']);
  });

  it('drops lines that hold no words', () => {
    expect(resolveScript('。。！[smile]', {}, seededRandom(5)).lines).toEqual([]);
  });
});
