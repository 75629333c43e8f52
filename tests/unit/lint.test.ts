import { describe, expect, it } from 'vitest';
import { lintText, worstSeverity } from '../../shared/lint';

describe('banned-word check', () => {
  it('finds advertising-law absolute terms with where they are', () => {
    const hits = lintText('这款锅是全网最低价。\n销量第一，绝对好用！');
    expect(hits.map((h) => [h.term, h.line, h.column])).toEqual([
      ['全网最', 1, 5],
      ['最低价', 1, 7],
      ['第一', 2, 3],
      ['绝对', 2, 6],
    ]);
    expect(worstSeverity(hits)).toBe('block');
  });

  it('does not flag ordinary words that contain a term', () => {
    expect(lintText('第一次来直播间的朋友，最近天冷，最后三件。')).toEqual([]);
    expect(lintText('We bestow a gift on the first visitor.')).toEqual([]);
  });

  it('flags medical and efficacy claims', () => {
    expect(lintText('喝了能根治失眠，还能减肥。').map((h) => h.category)).toEqual(['medical', 'medical']);
    expect(lintText('This tea cures colds.')[0]).toMatchObject({ term: 'cures', category: 'medical' });
  });

  it('matches English whole words regardless of case, and offers a safer wording', () => {
    const [hit] = lintText('The BEST pan you will own.');
    expect(hit).toMatchObject({ term: 'best', index: 4, suggestion: 'great' });
  });

  it('warns (but does not block) on steering buyers off the platform', () => {
    const hits = lintText('想要的加我微信私聊。');
    expect(hits.map((h) => h.term)).toEqual(['加我微信', '私聊']);
    expect(worstSeverity(hits)).toBe('warn');
  });

  it('reports a longer term once, not also the shorter one inside it', () => {
    expect(lintText('百分之百纯棉').map((h) => h.term)).toEqual(['百分之百']);
  });
});
