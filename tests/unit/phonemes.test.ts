import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NEUTRAL_CONSONANT_VISEME,
  NEUTRAL_VOWEL_VISEME,
  classifyPhone,
  espeakToPhoneClauses,
  espeakToPhoneWords,
  normalizePhoneSymbol,
  parseEspeakSeparated,
  phoneToViseme,
  splitEspeakWord,
} from '../../shared/phonemes';

/** Visemes of every phone of an espeak `-x --sep` word, flattened. */
const visemesOf = (output: string) => espeakToPhoneWords(output).map((w) => w.flatMap((p) => p.visemes));

describe('espeak-ng English mnemonics → Azure visemes', () => {
  // `espeak-ng -v en-us -q -x --sep "Welcome to the live room"`
  const output = "w 'E l k V m  t @  D @2  l 'aI v  r 'u: m";

  it('maps each word of a real espeak line', () => {
    expect(visemesOf(output)).toEqual([
      [7, 4, 14, 20, 1, 21], // w ɛ l k ʌ m
      [19, 1], // t ə
      [17, 1], // ð ə
      [14, 11, 18], // l aɪ v
      [13, 7, 21], // ɹ uː m
    ]);
  });

  it('closes the lips for p b m, shows teeth on lip for f v, rounds for w u', () => {
    for (const s of ['p', 'b', 'm']) expect(phoneToViseme(s)).toBe(21);
    for (const s of ['f', 'v']) expect(phoneToViseme(s)).toBe(18);
    for (const s of ['w', 'u:']) expect(phoneToViseme(s)).toBe(7);
    expect(phoneToViseme('tS')).toBe(16);
    expect(phoneToViseme('N')).toBe(20);
    expect(phoneToViseme("'A:")).toBe(2);
    expect(phoneToViseme("'OI")).toBe(10);
    expect(phoneToViseme(',aU')).toBe(9);
    expect(phoneToViseme('3:')).toBe(5);
  });

  it('makes stressed vowels longer than unstressed ones, and vowels longer than stops', () => {
    expect(classifyPhone("'aI").ms).toBeGreaterThan(classifyPhone('aI').ms);
    expect(classifyPhone('@').ms).toBeGreaterThan(classifyPhone('t').ms);
    expect(classifyPhone("'a").ms).toBeGreaterThan(classifyPhone('n').ms);
  });
});

describe('espeak-ng Mandarin (cmn) mnemonics → Azure visemes', () => {
  // `espeak-ng -v cmn-latn-pinyin -q -x --sep "欢迎来到直播间"`
  const output = "X ua11 n _|  j 'i35 N _|  l 'ai35 _|  t 'Au51 _|  ts. 'i.35 _|  p 'o55 _|  tS; 'iE55 n _|";

  it('gives one word per syllable with tone digits stripped', () => {
    const words = espeakToPhoneWords(output);
    expect(words).toHaveLength(7);
    expect(words.map((w) => w.map((p) => p.visemes))).toEqual([
      [[12], [7, 1], [19]], // huan: h + u-a + n
      [[6], [6], [20]], // ying
      [[14], [11]], // lai
      [[19], [9]], // dao
      [[16], [6]], // zhi
      [[21], [8]], // bo
      [[16], [6, 4], [19]], // jian: j + i-e + n
    ]);
  });

  it('treats tone digits as tones, not phones: the same final on any tone is the same mouth', () => {
    for (const tone of ['55', '35', '214', '51', '11', '1', '5']) {
      expect(classifyPhone(`'iA${tone}`).visemes).toEqual([6, 2]);
      expect(normalizePhoneSymbol(`'iA${tone}`)).toBe('iA');
    }
  });

  it('maps the initials: b p m f / d t n l / g k h / j q x / zh ch sh r / z c s', () => {
    const initial = (s: string) => phoneToViseme(s);
    expect(['p', 'ph', 'm'].map(initial)).toEqual([21, 21, 21]);
    expect(initial('f')).toBe(18);
    expect(['t', 'th', 'n'].map(initial)).toEqual([19, 19, 19]);
    expect(initial('l')).toBe(14);
    expect(['k', 'kh'].map(initial)).toEqual([20, 20]);
    expect(initial('X')).toBe(12);
    expect(['tS;', 'tS;h', 'S;', 'ts.', 'ts.h', 's.'].map(initial)).toEqual([16, 16, 16, 16, 16, 16]);
    expect(initial('z.')).toBe(13);
    expect(['ts', 'tsh', 's'].map(initial)).toEqual([15, 15, 15]);
  });

  it('rounds the lips for ü (yu, yue, yuan) and opens wide for a', () => {
    expect(phoneToViseme("'y35")).toBe(7);
    expect(classifyPhone("'yE51").visemes).toEqual([7, 4]);
    expect(phoneToViseme("'A55")).toBe(2);
    expect(phoneToViseme("'iA55")).toBe(2); // the nucleus of ia is a
  });

  it('splits multi-syllable words at espeak’s syllable marks (十五 → shi + wu)', () => {
    expect(parseEspeakSeparated("s. i.35 _| w 'u21 _|")).toEqual([['s.', 'i.35'], ['w', "'u21"]]);
  });

  it('drops language switches and keeps clauses (one per line)', () => {
    const out = "(en) ,oU55 k 'eI55 (cmn) _|  m A22 _|\nw 'o21 _|";
    expect(parseEspeakSeparated(out)).toEqual([[',oU55', 'k', "'eI55"], ['m', 'A22'], ['w', "'o21"]]);
    expect(espeakToPhoneClauses(out).map((c) => c.length)).toEqual([2, 1]);
  });
});

describe('unseparated espeak-ng output', () => {
  it('splits words by longest known symbol', () => {
    expect(splitEspeakWord("h@l'oU")).toEqual(['h', '@', 'l', "'oU"]);
    expect(splitEspeakWord("tS;'iE55n")).toEqual(['tS;', "'iE55", 'n']);
    expect(splitEspeakWord('w011n')).toEqual(['w', '011', 'n']); // "0" is the vowel ɒ, "11" its tone
    expect(splitEspeakWord("D'e@")).toEqual(['D', "'e@"]);
    expect(espeakToPhoneWords("h@l'oU D'e@", false).map((w) => w.flatMap((p) => p.visemes))).toEqual([
      [12, 1, 14, 8],
      [17, 4, 13],
    ]);
  });
});

describe('IPA and unknown symbols', () => {
  it('accepts IPA', () => {
    expect(['ɑ', 'æ', 'ɔ', 'ɛ', 'ɝ', 'ɪ', 'u', 'oʊ', 'aʊ', 'ɔɪ', 'aɪ', 'h', 'ɹ', 'l', 's', 'ʃ', 'ð', 'f', 'θ', 'ŋ', 'm'].map(phoneToViseme)).toEqual([
      2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
    ]);
    expect(phoneToViseme('ˈɑː')).toBe(2);
  });

  it('falls back to a neutral vowel or consonant, and calls punctuation a pause', () => {
    expect(classifyPhone('aQ7')).toMatchObject({ kind: 'vowel', visemes: [NEUTRAL_VOWEL_VISEME] });
    expect(classifyPhone('Ω')).toMatchObject({ kind: 'consonant', visemes: [NEUTRAL_CONSONANT_VISEME] });
    for (const p of ['_', '_:', '_|', '||', '', '   ', '...']) {
      expect(classifyPhone(p).kind, JSON.stringify(p)).toBe('pause');
      expect(phoneToViseme(p)).toBe(0);
    }
  });

  it('maps any string to a viseme id 0..21 without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 60, unit: 'grapheme' }), (a, b) => {
        for (const s of [a, b]) {
          const v = phoneToViseme(s);
          expect(Number.isInteger(v) && v >= 0 && v <= 21).toBe(true);
          const p = classifyPhone(s);
          expect(p.visemes.every((x) => Number.isInteger(x) && x >= 0 && x <= 21)).toBe(true);
          expect(p.ms).toBeGreaterThanOrEqual(0);
        }
        expect(() => espeakToPhoneWords(b)).not.toThrow();
        expect(() => espeakToPhoneWords(b, false)).not.toThrow();
      }),
    );
  });
});
