import type { TimingTrack } from './timing';

/**
 * When a cue written inside a line should fire: the start of the first spoken word at or after the
 * place it was written (`ResolvedLine.cueAt`, a character offset in the line's text).
 *
 * The words of a timing track are what the engine said, which is the line's text after
 * normalisation ("99元" → "九十九元", "$19.99" → "nineteen dollars ninety-nine cents"), one Han
 * character or one multi-character word at a time, with or without punctuation. So the words are
 * located in the text by comparing letters and digits only (case- and width-folded), in order, and
 * a word that is not found there (a number said in words) gets a position between its found
 * neighbours. Without words the cue's place is taken proportionally over the line's duration.
 */

export interface CueTimingOptions {
  /**
   * A cue written after the last word fires this long before the last word ends, so that the
   * gesture comes with the end of the sentence rather than after it (ms). Default 250.
   */
  trailingLeadMs?: number;
}

/** How far past the last found word a word may be found (in letters/digits), so a short word does not jump far ahead. */
const MAX_SKIP = 16;
const KEY_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

interface KeyedText {
  /** Letters and digits, folded. */
  key: string;
  /** `before[i]`: how many key characters come from the text before UTF-16 offset i (length + 1 entries). */
  before: number[];
  /** Key positions where a word starts in the text (a Han character always starts one). */
  wordStart: boolean[];
}

function fold(ch: string): string {
  let out = '';
  for (const c of ch.normalize('NFKC').toLowerCase()) if (KEY_CHAR.test(c)) out += c;
  return out;
}

function keyed(text: string): KeyedText {
  let key = '';
  const before: number[] = new Array<number>(text.length + 1).fill(0);
  const wordStart: boolean[] = [];
  let inWord = false;
  let i = 0;
  for (const ch of text) {
    for (let k = 0; k < ch.length; k++) before[i + k] = key.length;
    const f = fold(ch);
    const han = HAN.test(ch);
    for (let k = 0; k < f.length; k++) wordStart.push(k === 0 && (han || !inWord));
    key += f;
    inWord = f.length > 0 && !han;
    i += ch.length;
  }
  before[text.length] = key.length;
  return { key, before, wordStart };
}

/** The first place at or after `from` (and not too far) where `word` starts a word of the text. */
function locate(text: KeyedText, word: string, from: number): number {
  const limit = from + MAX_SKIP;
  for (let at = text.key.indexOf(word, from); at >= 0 && at <= limit; at = text.key.indexOf(word, at + 1)) {
    if (text.wordStart[at]) return at;
  }
  return -1;
}

/**
 * Where each word of the track starts in the text's key (fractional for words not found), or null
 * when the track has no words with letters or digits.
 */
function wordPositions(text: KeyedText, words: TimingTrack['words']): { pos: number[]; index: number[] } | null {
  const index: number[] = [];
  const keys: string[] = [];
  words.forEach((w, i) => {
    const k = fold(w.text);
    if (k.length > 0) {
      index.push(i);
      keys.push(k);
    }
  });
  if (keys.length === 0) return null;
  const found: (number | null)[] = [];
  let cursor = 0;
  for (const k of keys) {
    const at = locate(text, k, cursor);
    if (at >= 0) {
      found.push(at);
      cursor = at + k.length;
    } else found.push(null);
  }
  // Words not found: spread over the stretch between the found neighbours.
  const pos: number[] = new Array<number>(keys.length).fill(0);
  let prevEnd = 0;
  for (let i = 0; i < keys.length; ) {
    const at = found[i];
    if (at !== null && at !== undefined) {
      pos[i] = at;
      prevEnd = at + (keys[i]?.length ?? 0);
      i++;
      continue;
    }
    let j = i;
    while (j < keys.length && (found[j] === null || found[j] === undefined)) j++;
    const nextStart = j < keys.length ? (found[j] ?? text.key.length) : text.key.length;
    const span = Math.max(0, nextStart - prevEnd);
    for (let k = i; k < j; k++) pos[k] = prevEnd + (span * (k - i)) / (j - i);
    i = j;
  }
  return { pos, index };
}

/**
 * The start time (ms on the utterance's clock) of each cue written at `cueAt` offsets of `text`
 * (parallel arrays; the result has one time per offset, never decreasing, within the track).
 */
export function cueTimesMs(text: string, cueAt: readonly number[], track: TimingTrack, opts: CueTimingOptions = {}): number[] {
  const lead = opts.trailingLeadMs ?? 250;
  const keyedText = keyed(text);
  const keyLength = keyedText.key.length;
  const duration = Math.max(0, track.durationMs);
  const words = track.words;
  const positions = wordPositions(keyedText, words);
  const lastWord = positions ? words[positions.index[positions.index.length - 1] ?? 0] : undefined;
  const speechEnd = lastWord ? Math.min(duration, lastWord.t + lastWord.d) : duration;
  const trailing = Math.max(0, Math.min(speechEnd - lead, duration));
  const out: number[] = [];
  let floor = 0;
  for (const offset of cueAt) {
    const c = keyedText.before[Math.max(0, Math.min(text.length, Math.floor(offset)))] ?? keyLength;
    let t: number;
    if (c >= keyLength) t = trailing;
    else if (!positions) t = keyLength > 0 ? (duration * c) / keyLength : 0;
    else {
      const i = positions.pos.findIndex((p) => p >= c);
      const word = i >= 0 ? words[positions.index[i] ?? 0] : undefined;
      t = word ? word.t : trailing;
    }
    t = Math.max(floor, Math.min(duration, t));
    floor = t;
    out.push(t);
  }
  return out;
}
