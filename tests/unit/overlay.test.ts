import { describe, expect, it } from 'vitest';
import { captionSegments, cardAtLineEnd, cardAtLineStart, currentWordIndex, formatPrice, type TimedWord } from '../../shared/overlay';

describe('product card follows the rundown', () => {
  it('shows the product of a product script line, and on card:on', () => {
    expect(cardAtLineStart(null, { cues: [], productId: 'p1' })).toBe('p1');
    expect(cardAtLineStart(null, { cues: ['card:on'], productId: 'p2' })).toBe('p2');
    expect(cardAtLineStart('p1', { cues: [], productId: 'p2' })).toBe('p2');
  });
  it('keeps the card on card:on without a product, hides it when a general script airs', () => {
    expect(cardAtLineStart('p1', { cues: ['card:on'], productId: null })).toBe('p1');
    expect(cardAtLineStart('p1', { cues: ['wave'], productId: null })).toBeNull();
    expect(cardAtLineStart(null, { cues: [], productId: null })).toBeNull();
  });
  it('hides on card:off when that line ends, keeps it otherwise', () => {
    expect(cardAtLineEnd('p1', { cues: ['card:off'], productId: 'p1' })).toBeNull();
    expect(cardAtLineEnd('p1', { cues: ['smile'], productId: 'p1' })).toBe('p1');
    // A one-line script with both: up while it airs, down after.
    const cue = { cues: ['card:on', 'card:off'], productId: 'p3' };
    const during = cardAtLineStart(null, cue);
    expect(during).toBe('p3');
    expect(cardAtLineEnd(during, cue)).toBeNull();
  });
});

const words: TimedWord[] = [
  { text: 'Hello', t: 100, d: 300 },
  { text: 'there', t: 450, d: 250 },
  { text: 'friends', t: 800, d: 400 },
];

describe('current caption word on the audio clock', () => {
  it('is -1 before the first word and with no words', () => {
    expect(currentWordIndex(words, 0)).toBe(-1);
    expect(currentWordIndex(words, 99.9)).toBe(-1);
    expect(currentWordIndex([], 500)).toBe(-1);
    expect(currentWordIndex(words, Number.NaN)).toBe(-1);
  });
  it('is the last word that started, through the pause before the next', () => {
    expect(currentWordIndex(words, 100)).toBe(0);
    expect(currentWordIndex(words, 420)).toBe(0);
    expect(currentWordIndex(words, 450)).toBe(1);
    expect(currentWordIndex(words, 5000)).toBe(2);
  });
  it('gives the same answer with any hint (forward walk or jump back)', () => {
    for (let t = -50; t < 1500; t += 7) {
      const expected = currentWordIndex(words, t);
      for (let hint = -1; hint < 4; hint++) expect(currentWordIndex(words, t, hint)).toBe(expected);
    }
  });
});

describe('caption segments', () => {
  it('keeps punctuation and spaces between the timed words (English)', () => {
    const segs = captionSegments('Hello there, friends!', words);
    expect(segs.map((s) => s.text).join('')).toBe('Hello there, friends!');
    expect(segs.filter((s) => s.word >= 0).map((s) => [s.text, s.word])).toEqual([
      ['Hello', 0],
      ['there', 1],
      ['friends', 2],
    ]);
  });
  it('works with Chinese characters and groups, and skips words not in the text', () => {
    const zh: TimedWord[] = [
      { text: '欢迎', t: 0, d: 300 },
      { text: '来到', t: 300, d: 300 },
      { text: '不在', t: 600, d: 100 },
      { text: '直播间', t: 700, d: 400 },
    ];
    const segs = captionSegments('欢迎来到直播间！', zh);
    expect(segs.map((s) => s.text).join('')).toBe('欢迎来到直播间！');
    expect(segs.filter((s) => s.word >= 0).map((s) => s.word)).toEqual([0, 1, 3]);
  });
});

describe('prices per locale', () => {
  it('formats the currency for the locale', () => {
    expect(formatPrice(19.99, 'USD', 'en-US')).toBe('$19.99');
    expect(formatPrice(199, 'CNY', 'zh-CN')).toBe('¥199.00');
    expect(formatPrice(1234.5, 'usd', 'en-US')).toBe('$1,234.50');
  });
  it('falls back to the number and the symbol as written for a non-ISO currency', () => {
    expect(formatPrice(99, '元', 'zh-CN')).toBe('99 元');
  });
});
