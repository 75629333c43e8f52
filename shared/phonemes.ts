/**
 * Phonemes → Azure viseme ids (0–21, see shared/visemes.ts).
 *
 * The primary input is espeak-ng's phoneme mnemonics (`espeak-ng -q -x --sep`), for English (en-us)
 * and Mandarin (cmn / cmn-latn-pinyin: pinyin-like initials and finals with tone digits, e.g.
 * `tS; 'iE55 n` for 间 jiān). We chose mnemonics over `--ipa` because espeak-ng 1.51 renders the
 * Mandarin tone digit 3 as "ɜ" in IPA mode, which collides with a real vowel; the mnemonics keep
 * tones as plain digits that we strip. Plain IPA symbols are accepted too (other engines, e.g.
 * Piper voices, speak IPA), so this table is the one place where phonemes meet visemes.
 *
 * Everything here is pure and total: any string maps to a viseme in 0..21, nothing throws.
 */

import { mouthOpenness, visemePose } from './visemes';

export type PhoneKind = 'vowel' | 'consonant' | 'pause';

export interface Phone {
  /** The symbol as given (after removing language-switch markers). */
  symbol: string;
  kind: PhoneKind;
  /**
   * Viseme ids in the order the mouth goes through them. One for most phones; two for diphthongs
   * and Mandarin finals with a medial (e.g. iA → j + ɑ, uai → w + aɪ). Empty for pauses.
   */
  visemes: readonly number[];
  /**
   * Typical duration at a normal rate, in milliseconds (from espeak-ng's own phoneme timings):
   * the relative weight with which phones share voiced time. 0 for pauses.
   */
  ms: number;
}

/** Viseme used for vowels we do not know: a relaxed open mouth (æ ə ʌ). */
export const NEUTRAL_VOWEL_VISEME = 1;
/** Viseme used for consonants we do not know: tongue consonants, mouth nearly neutral (d t n θ). */
export const NEUTRAL_CONSONANT_VISEME = 19;

type Entry = readonly [PhoneKind, readonly number[]];
const C = (...v: number[]): Entry => ['consonant', v];
const V = (...v: number[]): Entry => ['vowel', v];

/**
 * Keys are normalised symbols: stress marks and tone digits removed (see normalizePhoneSymbol).
 * Mnemonics are case-sensitive (espeak: S = ʃ, s = s; A = ɑ, a = æ).
 */
const TABLE: ReadonlyMap<string, Entry> = new Map<string, Entry>([
  // ── espeak-ng English consonants ──
  ['p', C(21)], ['b', C(21)], ['m', C(21)], ['m-', C(21)],
  ['f', C(18)], ['v', C(18)],
  ['T', C(19)], ['D', C(17)],
  ['t', C(19)], ['d', C(19)], ['n', C(19)], ['n-', C(19)], ['t#', C(19)], ['d#', C(19)], ['*', C(19)], ['?', C(19)],
  ['s', C(15)], ['z', C(15)],
  ['S', C(16)], ['Z', C(16)], ['tS', C(16)], ['dZ', C(16)],
  ['k', C(20)], ['g', C(20)], ['N', C(20)], ['x', C(12)],
  ['h', C(12)],
  ['r', C(13)], ['r-', C(13)], ['R', C(13)],
  ['l', C(14)], ['l/', C(14)], ['L', C(14)],
  ['w', C(7)], ['j', C(6)],
  // ── espeak-ng English vowels ──
  ['a', V(1)], ['a#', V(1)], ['&', V(1)],
  ['A', V(2)], ['A:', V(2)], ['A#', V(2)], ['A@', V(2, 13)], ['0', V(2)],
  ['aI', V(11)], ['aI@', V(11, 1)], ['aU', V(9)], ['aU@', V(9, 1)],
  ['e', V(4)], ['E', V(4)], ['E#', V(4)], ['eI', V(4)], ['e@', V(4, 13)],
  ['i', V(6)], ['i:', V(6)], ['I', V(6)], ['I#', V(6)], ['i@', V(6, 13)],
  ['@', V(1)], ['@-', V(1)], ['V', V(1)], ['@L', V(14)],
  ['3', V(5)], ['3:', V(5)], ['@r', V(5)],
  ['O', V(3)], ['O:', V(3)], ['O@', V(3, 13)], ['OI', V(10)],
  ['o', V(8)], ['oU', V(8)], ['o@', V(8, 13)], ['@U', V(8)],
  ['U', V(4)], ['U@', V(4, 13)], ['u', V(7)], ['u:', V(7)],
  ['y', V(7)], ['y:', V(7)], ['Y', V(7)],
  // ── espeak-ng Mandarin (cmn) initials ──
  ['ph', C(21)], ['th', C(19)], ['kh', C(20)], ['X', C(12)],
  ['tS;', C(16)], ['tS;h', C(16)], ['S;', C(16)], // j q x
  ['ts.', C(16)], ['ts.h', C(16)], ['s.', C(16)], ['z.', C(13)], // zh ch sh r
  ['ts', C(15)], ['tsh', C(15)], // z c
  [';', C(7)], // the rounded palatal glide before ü (yu, yun)
  // ── espeak-ng Mandarin finals (tone digits stripped) ──
  ['o-', V(1)], // e (ɤ)
  ['ai', V(11)], ['ei', V(4)], ['Au', V(9)], ['ou', V(8)], ['ong', V(8, 20)],
  ['i.', V(6)], ['i[', V(6)], // -i after zh ch sh r / z c s
  ['ia', V(6, 1)], ['iA', V(6, 2)], ['iE', V(6, 4)], ['ie', V(6, 4)], ['iou', V(6, 8)], ['iu', V(6, 7)], ['iAu', V(6, 9)],
  ['ua', V(7, 1)], ['uA', V(7, 2)], ['uai', V(7, 11)], ['uei', V(7, 4)], ['ui', V(7, 4)], ['uo', V(7, 8)], ['u@', V(7, 1)],
  ['yu', V(7)], ['yE', V(7, 4)], ['ye', V(7, 4)], ['y&', V(7, 1)], ['y@', V(7, 1)],
  // ── IPA (single symbols and common clusters) ──
  ['æ', V(1)], ['ə', V(1)], ['ʌ', V(1)], ['ɐ', V(1)], ['ɤ', V(1)], ['ɑ', V(2)], ['ɒ', V(2)], ['ɔ', V(3)],
  ['ɛ', V(4)], ['ʊ', V(4)], ['eɪ', V(4)], ['ɝ', V(5)], ['ɚ', V(5)], ['ɜ', V(5)], ['ɪ', V(6)], ['ɨ', V(6)],
  ['ʏ', V(7)], ['ø', V(8)], ['oʊ', V(8)], ['əʊ', V(8)], ['aʊ', V(9)], ['ɔɪ', V(10)], ['aɪ', V(11)],
  ['ɹ', C(13)], ['ɻ', C(13)], ['ʐ', C(13)], ['ɾ', C(19)], ['ʔ', C(19)], ['θ', C(19)], ['ð', C(17)],
  ['ʃ', C(16)], ['ʒ', C(16)], ['tʃ', C(16)], ['dʒ', C(16)], ['ɕ', C(16)], ['ʑ', C(16)], ['ʂ', C(16)],
  ['tɕ', C(16)], ['tɕh', C(16)], ['tʂ', C(16)], ['tʂh', C(16)], ['ts', C(15)],
  ['ɡ', C(20)], ['ŋ', C(20)], ['χ', C(12)], ['ɥ', C(7)], ['ʍ', C(7)], ['ɫ', C(14)],
]);

/** Vowel-like first characters, for symbols not in the table. */
const VOWEL_START: ReadonlyMap<string, number> = new Map([
  ['a', 1], ['A', 2], ['&', 1], ['e', 4], ['E', 4], ['i', 6], ['I', 6], ['o', 8], ['O', 3],
  ['u', 7], ['U', 4], ['y', 7], ['Y', 7], ['@', 1], ['V', 1], ['0', 2], ['3', 5],
  ['æ', 1], ['ə', 1], ['ʌ', 1], ['ɐ', 1], ['ɑ', 2], ['ɒ', 2], ['ɔ', 3], ['ɛ', 4], ['ʊ', 4], ['ɪ', 6], ['ɜ', 5], ['ɝ', 5], ['ɚ', 5],
]);

const LANG_SWITCH = /\([a-z]{2,3}(?:-[a-z0-9]+)*\)/gi;
/** espeak stress/length marks and IPA stress marks, zero-width joiners and tie bars. */
const STRESS = /['ˈˌ,%=]|\u200d|\u0361|\u035c/g;
/** Tone digits (espeak: 55, 35, 214, 51, 11; also 1-5) and IPA tone letters, at the end. */
const TONE_TAIL = /[0-9˥˦˧˨˩]+$/;

/**
 * Normalises a phoneme symbol for lookup: drops language switches like "(en)", stress marks and
 * trailing tone digits ("'iE55" → "iE", "@2" → "@"). A symbol that is only digits ("0" = ɒ in
 * espeak) keeps them.
 */
export function normalizePhoneSymbol(symbol: string): string {
  let s = symbol.replace(LANG_SWITCH, '').replace(STRESS, '').trim();
  const stripped = s.replace(TONE_TAIL, '');
  if (stripped.length > 0) s = stripped;
  return s.replace(/ː/g, ':');
}

function isPauseSymbol(s: string): boolean {
  if (s.length === 0) return true;
  if (s.startsWith('_')) return true; // espeak pauses: _ _: _! _| _^_
  // Nothing that could be a sound: only punctuation and separators (espeak "||", "|").
  return !/[\p{L}\p{N}@&*?;#]/u.test(s);
}

const STOPS = new Set(['p', 'b', 't', 'd', 'k', 'g', 't#', 'd#', '?', '*', 'ʔ', 'ɾ', 'ɡ', 'ph', 'th', 'kh']);
const AFFRICATES = new Set(['tS', 'dZ', 'ts', 'tsh', 'ts.', 'ts.h', 'tS;', 'tS;h', 'tʃ', 'dʒ', 'tɕ', 'tɕh', 'tʂ', 'tʂh']);
const REDUCED_VOWELS = new Set(['@', '@2', '@-', 'a#', 'I#', 'I2', 'ə', 'ɐ']);
const SHORT_VOWELS = new Set(['I', 'i', 'V', 'a', 'U', 'E', 'ɪ', 'ʌ', 'æ', 'ʊ', 'ɛ']);

/** Typical duration of a phone (espeak-ng en-us and cmn at 175 wpm, rounded). */
function typicalMs(normalized: string, kind: PhoneKind, parts: number): number {
  if (kind === 'pause') return 0;
  if (kind === 'consonant') {
    if (STOPS.has(normalized)) return normalized.endsWith('h') ? 55 : 40;
    if (AFFRICATES.has(normalized)) return 100;
    return 80; // fricatives, nasals, liquids, glides
  }
  if (REDUCED_VOWELS.has(normalized)) return 65;
  if (SHORT_VOWELS.has(normalized)) return 95;
  if (parts > 1 || normalized.length > 1) return 145; // diphthongs, long vowels, Mandarin finals
  return 125;
}

/**
 * Stress lengthens vowels: espeak marks primary stress ' and secondary , (IPA ˈ ˌ); unmarked vowels
 * are unstressed (English reduced syllables, Mandarin neutral tone) and markedly shorter.
 */
function stressFactor(raw: string): number {
  if (/['ˈ]/.test(raw)) return 1.1;
  if (/[,ˌ]/.test(raw)) return 0.85;
  return 0.75;
}

/** Classifies one phoneme symbol (espeak mnemonic or IPA). Total: never throws. */
export function classifyPhone(symbol: string): Phone {
  const raw = symbol.replace(LANG_SWITCH, '');
  const s = normalizePhoneSymbol(raw);
  const make = (kind: PhoneKind, visemes: readonly number[]): Phone => ({
    symbol: raw,
    kind,
    visemes,
    ms: Math.round(typicalMs(s, kind, visemes.length) * (kind === 'vowel' ? stressFactor(raw) : 1)),
  });
  if (isPauseSymbol(s)) return make('pause', []);
  const hit = TABLE.get(s) ?? TABLE.get(s.replace(/:/g, '')) ?? TABLE.get(s.replace(/[#\-/:]+$/, ''));
  if (hit) return make(hit[0], hit[1]);
  const first = [...s][0] ?? '';
  const vowel = VOWEL_START.get(first);
  if (vowel !== undefined) return make('vowel', [vowel]);
  const cons = TABLE.get(first);
  if (cons && cons[0] === 'consonant') return make('consonant', cons[1]);
  return make('consonant', [NEUTRAL_CONSONANT_VISEME]);
}

/** The main viseme of a phoneme symbol (0 for pauses). */
export function phoneToViseme(symbol: string): number {
  const p = classifyPhone(symbol);
  if (p.kind === 'pause') return 0;
  // The nucleus of a two-part phone (iA → ɑ, aI@ → aɪ) is its most open part.
  let best = p.visemes[0] ?? 0;
  for (const v of p.visemes) if (mouthOpenness(visemePose(v)) > mouthOpenness(visemePose(best))) best = v;
  return best;
}

/**
 * Parses `espeak-ng -x --sep` output (phonemes separated by one space, words by two or more,
 * clauses by newlines) into words of phoneme symbols. A pause inside a word ends it: espeak's
 * Mandarin writes multi-syllable words as syllables joined by "_|" (十五 → "s. i.35 _| w 'u21 _|"),
 * and a syllable is the unit we want. Pause symbols are dropped; language switches removed.
 */
export function parseEspeakSeparated(output: string): string[][] {
  const words: string[][] = [];
  for (const line of output.replace(LANG_SWITCH, ' ').split(/\r?\n/)) {
    for (const w of line.split(/ {2,}|\t/)) {
      let cur: string[] = [];
      for (const p of w.split(' ')) {
        if (p.length === 0) continue;
        if (p.startsWith('_')) {
          if (cur.length > 0) words.push(cur);
          cur = [];
        } else cur.push(p);
      }
      if (cur.length > 0) words.push(cur);
    }
  }
  return words;
}

/** Longest-first list of known symbols, for splitting unseparated `espeak-ng -x` words. */
const KNOWN_SYMBOLS: readonly string[] = [...TABLE.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
const MARKS = new Set(["'", ',', '%', '=', 'ˈ', 'ˌ']);

/**
 * Splits one unseparated espeak word (e.g. "h@l'oU", "tS;'iE55n") into phoneme symbols by longest
 * match. Stress marks attach to the next phone, tone digits and ":" to the previous one; unknown
 * characters become single-character symbols.
 */
export function splitEspeakWord(word: string): string[] {
  const out: string[] = [];
  const chars = [...word.replace(LANG_SWITCH, '')];
  let i = 0;
  let pendingMarks = '';
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (MARKS.has(c)) {
      pendingMarks += c;
      i++;
      continue;
    }
    if (/[0-9:ː]/.test(c)) {
      const last = out[out.length - 1];
      // espeak's "0" is the vowel ɒ when it starts a phone; otherwise digits are tones or variants.
      const startsPhone = c === '0' && (last === undefined || classifyPhone(last).kind !== 'vowel');
      if (!startsPhone) {
        if (last !== undefined) out[out.length - 1] = last + c;
        i++;
        continue;
      }
    }
    if (c === '_') {
      let j = i + 1;
      while (j < chars.length && /[:!|^_]/.test(chars[j] ?? '')) j++;
      out.push(chars.slice(i, j).join(''));
      i = j;
      continue;
    }
    const rest = chars.slice(i).join('');
    const sym = KNOWN_SYMBOLS.find((k) => rest.startsWith(k)) ?? c;
    out.push(pendingMarks + sym);
    pendingMarks = '';
    i += [...sym].length;
  }
  return out;
}

/** Parses unseparated `espeak-ng -x` output (words separated by whitespace). */
export function parseEspeakUnseparated(output: string): string[][] {
  return output
    .replace(LANG_SWITCH, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map(splitEspeakWord)
    .filter((w) => w.length > 0);
}

/**
 * espeak-ng phoneme output → clauses (espeak prints one clause per line) of words of classified
 * phones; pauses and empty words dropped. `separated`: whether the output came from `-x --sep` (the
 * default) or plain `-x`.
 */
export function espeakToPhoneClauses(output: string, separated = true): Phone[][][] {
  return output
    .split(/\r?\n/)
    .map((line) => espeakToPhoneWords(line, separated))
    .filter((c) => c.length > 0);
}

/** espeak-ng phoneme output → words of classified phones (clauses flattened). */
export function espeakToPhoneWords(output: string, separated = true): Phone[][] {
  const words = separated ? parseEspeakSeparated(output) : parseEspeakUnseparated(output);
  return words.map((w) => w.map(classifyPhone).filter((p) => p.kind !== 'pause')).filter((w) => w.length > 0);
}
