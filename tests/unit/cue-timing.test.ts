import { describe, expect, it } from 'vitest';
import { cueTimesMs } from '../../shared/cue-timing';
import { resolveScript, seededRandom } from '../../shared/templating';
import type { TimingTrack, WordEvent } from '../../shared/timing';

const track = (durationMs: number, words: WordEvent[]): TimingTrack => ({ source: 'engine', durationMs, visemes: [], words });

/** Words as espeak-ng (system engine) timed them for the normalised text "今天这款只要九十九元， 看这里，谢谢大家". */
const ZH_ESPEAK = track(5084, [
  { text: '今', t: 30, d: 310 },
  { text: '天', t: 340, d: 321 },
  { text: '这', t: 661, d: 283 },
  { text: '款', t: 944, d: 348 },
  { text: '只', t: 1292, d: 283 },
  { text: '要', t: 1575, d: 261 },
  { text: '九', t: 1836, d: 283 },
  { text: '十', t: 2119, d: 261 },
  { text: '九', t: 2380, d: 282 },
  { text: '元', t: 2662, d: 453 },
  { text: '看', t: 3115, d: 264 },
  { text: '这', t: 3379, d: 286 },
  { text: '里', t: 3665, d: 204 },
  { text: '谢', t: 4069, d: 265 },
  { text: '谢', t: 4334, d: 265 },
  { text: '大', t: 4599, d: 196 },
  { text: '家', t: 4795, d: 286 },
]);

/** Words as espeak-ng timed "Today's deal is only nineteen dollars ninety-nine cents, and now please look at this beautiful dress right here." */
const EN_ESPEAK = track(5736, [
  { text: "Today's", t: 40, d: 328 },
  { text: 'deal', t: 368, d: 248 },
  { text: 'is', t: 616, d: 134 },
  { text: 'only', t: 750, d: 347 },
  { text: 'nineteen', t: 1097, d: 488 },
  { text: 'dollars', t: 1585, d: 383 },
  { text: 'ninety-nine', t: 1968, d: 667 },
  { text: 'cents', t: 2635, d: 342 },
  { text: 'and', t: 3127, d: 180 },
  { text: 'now', t: 3307, d: 225 },
  { text: 'please', t: 3532, d: 338 },
  { text: 'look', t: 3870, d: 212 },
  { text: 'at', t: 4082, d: 104 },
  { text: 'this', t: 4186, d: 217 },
  { text: 'beautiful', t: 4403, d: 545 },
  { text: 'dress', t: 4948, d: 286 },
  { text: 'right', t: 5234, d: 263 },
  { text: 'here', t: 5497, d: 226 },
]);

/** The line and cue offsets a script resolves to. */
function line(body: string): { text: string; cueAt: number[] } {
  const l = resolveScript(body, {}, seededRandom(1)).lines[0]!;
  return { text: l.text, cueAt: l.cueAt! };
}

describe('cueTimesMs', () => {
  it('starts a cue at the Chinese word written after it, past a number the engine said in words', () => {
    const l = line('今天这款只要 [show] 99元， [point] 看这里，[wave] 谢谢大家');
    expect(cueTimesMs(l.text, l.cueAt, ZH_ESPEAK)).toEqual([1836, 3115, 4069]);
  });

  it('starts a cue at the English word written after it, whatever the punctuation and case', () => {
    const l = line("[nod] TODAY'S deal is only $19.99, and now [point] please look at this beautiful dress [show] right here.");
    expect(cueTimesMs(l.text, l.cueAt, EN_ESPEAK)).toEqual([40, 3532, 5234]);
    // A cue inside a number said as several words starts with the first of them.
    const price = line("Today's deal is only [wave] $19.99, and now please look at this beautiful dress right here.");
    expect(cueTimesMs(price.text, price.cueAt, EN_ESPEAK)).toEqual([1097]);
  });

  it('does not find a spoken word inside a longer word of the text', () => {
    // "$1" is said "one dollar": "one" must not be taken for the end of "phone".
    const text = 'Just $1 phone case today';
    const t = track(3000, [
      { text: 'just', t: 0, d: 300 },
      { text: 'one', t: 300, d: 300 },
      { text: 'dollar', t: 600, d: 400 },
      { text: 'phone', t: 1000, d: 500 },
      { text: 'case', t: 1500, d: 500 },
      { text: 'today', t: 2000, d: 600 },
    ]);
    expect(cueTimesMs(text, [text.indexOf('$'), text.indexOf('phone'), text.indexOf('today')], t)).toEqual([300, 1000, 2000]);
  });

  it('fires a cue written after the last word just before the speech ends', () => {
    const l = line('今天这款只要99元， 看这里，谢谢大家！[wave]');
    expect(l.cueAt).toEqual([l.text.length]);
    expect(cueTimesMs(l.text, l.cueAt, ZH_ESPEAK)).toEqual([4795 + 286 - 250]);
    expect(cueTimesMs(l.text, l.cueAt, ZH_ESPEAK, { trailingLeadMs: 0 })).toEqual([4795 + 286]);
  });

  it('without words, places cues proportionally by letters over the duration', () => {
    const text = 'ab cd, ef gh';
    const t = track(4000, []);
    expect(cueTimesMs(text, [0, 3, 7, text.length], t)).toEqual([0, 1000, 2000, 4000 - 250]);
    // A track whose words are not in the text at all (another script) spreads them over it.
    const pinyin = track(4000, [
      { text: 'ni3', t: 0, d: 1000 },
      { text: 'hao3', t: 1000, d: 1000 },
      { text: 'da4', t: 2000, d: 1000 },
      { text: 'jia1', t: 3000, d: 1000 },
    ]);
    expect(cueTimesMs('你好大家', [2], pinyin)).toEqual([2000]);
  });

  it('never goes back in time and stays within the track', () => {
    const text = 'one two three';
    const t = track(1500, [
      { text: 'one', t: 100, d: 300 },
      { text: 'two', t: 500, d: 300 },
      { text: 'three', t: 900, d: 400 },
    ]);
    expect(cueTimesMs(text, [8, 4, 999, -3], t)).toEqual([900, 900, 1050, 1050]);
    expect(cueTimesMs(text, [], t)).toEqual([]);
  });
});
