import { describe, expect, it } from 'vitest';
import { lineSegments, resolveScript, seededRandom } from '../../shared/templating';

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
      { text: '大家好。', cues: ['wave'], cueAt: [0], pauseAfterMs: 800 },
      { text: '看这里！', cues: ['card:on'], cueAt: [0], pauseAfterMs: 0 },
    ]);
  });

  it('remembers where in the spoken line each cue was written', () => {
    const r = resolveScript('今天这款 [point] 看这里，[wave] 谢谢大家', {}, seededRandom(6));
    expect(r.lines).toHaveLength(1);
    const line = r.lines[0]!;
    expect(line.text).toBe('今天这款 看这里， 谢谢大家');
    expect(line.cues).toEqual(['point', 'wave']);
    // Each offset points at the word written after the cue.
    expect(line.cueAt!.map((at) => line.text.slice(at).trimStart().slice(0, 3))).toEqual(['看这里', '谢谢大']);
  });

  it('gives cue offsets in the collapsed text, 0 before the first word and the length after the last', () => {
    const r = resolveScript('Hello everyone. [wave]  Now   look [point]   at this [show]', {}, seededRandom(7));
    expect(r.lines.map((l) => l.text)).toEqual(['Hello everyone.', 'Now look at this']);
    const second = r.lines[1]!;
    expect(second.cues).toEqual(['wave', 'point', 'show']);
    expect(second.cueAt).toEqual([0, 'Now look '.length, second.text.length]);
    // Variables and variants are filled before offsets are taken.
    const filled = resolveScript('{{product.name}}{只要|仅需} [point] {{product.price}}元！', { product }, seededRandom(8)).lines[0]!;
    expect(filled.text.slice(filled.cueAt![0]).trimStart()).toBe('89元！');
    // A cue on a line with no words moves on to the start of the next line.
    const moved = resolveScript('…… [nod] 。欢迎！', {}, seededRandom(9)).lines;
    expect(moved).toEqual([{ text: '欢迎！', cues: ['nod'], cueAt: [0], pauseAfterMs: 0 }]);
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

  it('shows a line with its cues where they were written', () => {
    const line = resolveScript('[nod] 今天这款 [point] 看这里，[wave] 谢谢大家', {}, seededRandom(10)).lines[0]!;
    expect(lineSegments(line)).toEqual([
      { kind: 'cue', cue: 'nod' },
      { kind: 'text', text: '今天这款 ' },
      { kind: 'cue', cue: 'point' },
      { kind: 'text', text: '看这里，' },
      { kind: 'cue', cue: 'wave' },
      { kind: 'text', text: ' 谢谢大家' },
    ]);
    // Without offsets, the cues come first.
    expect(lineSegments({ text: '大家好', cues: ['wave'] })).toEqual([{ kind: 'cue', cue: 'wave' }, { kind: 'text', text: '大家好' }]);
  });
});
