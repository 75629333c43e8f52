/**
 * Pure overlay logic for the stage: which product card is up, which caption word is current,
 * how a price reads. No DOM, no clock: the stage feeds times from its AudioContext clock.
 */

/** The parts of a stage cue the product card follows. */
export interface CardCue {
  readonly cues: readonly string[];
  readonly productId: string | null;
}

/** The product whose card is up, or null. */
export type CardState = string | null;

/**
 * The card when a line starts airing. A line of a product's script (productId set) shows that
 * product's card; `card:on` shows it (or keeps the card up when the line names no product); a
 * general script's line (no productId, no `card:on`) hides it. `card:off` takes effect when the
 * line ends (scripts end with `[card:off]`), see `cardAtLineEnd`.
 */
export function cardAtLineStart(previous: CardState, cue: CardCue): CardState {
  if (cue.productId !== null) return cue.productId;
  if (cue.cues.includes('card:on')) return previous;
  return null;
}

/** The card after the line ended: `card:off` hides it, otherwise it stays up for the next line. */
export function cardAtLineEnd(current: CardState, cue: CardCue): CardState {
  return cue.cues.includes('card:off') ? null : current;
}

/** A word of the timing track: start `t` and duration `d`, ms from the first sample. */
export interface TimedWord {
  readonly text: string;
  readonly t: number;
  readonly d: number;
}

/**
 * Index of the word being spoken at `timeMs` (the last word that has started; it stays current
 * through the short pause before the next one), or -1 before the first word / with no words.
 * `hint` is the previous answer: playback moves forward, so the search starts there (O(1) per frame
 * in the common case) and falls back to a binary search when time jumped back. No allocation.
 */
export function currentWordIndex(words: readonly TimedWord[], timeMs: number, hint = -1): number {
  const n = words.length;
  if (n === 0 || !(timeMs >= words[0]!.t)) return -1;
  let i = hint >= 0 && hint < n && words[hint]!.t <= timeMs ? hint : -1;
  if (i >= 0) {
    while (i + 1 < n && words[i + 1]!.t <= timeMs) i++;
    return i;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (words[mid]!.t <= timeMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A run of caption text: either a timed word (its index in the track) or the text between words. */
export interface CaptionSegment {
  readonly text: string;
  /** Index into track.words, or -1 for punctuation/spaces between words. */
  readonly word: number;
}

/**
 * Splits the caption text into segments so each timed word can be emphasised while punctuation and
 * spacing stay as written. Words are located in order in the text (case-insensitive); a word that
 * cannot be found is skipped (its index never shows), so the caption always reads as the line.
 * Works for Chinese too, where the track's words are characters or groups without spaces.
 */
export function captionSegments(text: string, words: readonly TimedWord[]): CaptionSegment[] {
  const segments: CaptionSegment[] = [];
  const lower = text.toLowerCase();
  let cursor = 0;
  for (let w = 0; w < words.length; w++) {
    const needle = words[w]!.text.trim().toLowerCase();
    if (needle === '') continue;
    const at = lower.indexOf(needle, cursor);
    if (at < 0) continue;
    if (at > cursor) segments.push({ text: text.slice(cursor, at), word: -1 });
    segments.push({ text: text.slice(at, at + needle.length), word: w });
    cursor = at + needle.length;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), word: -1 });
  return segments;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** A price in the product's currency for the locale, e.g. "¥199.00" (zh-CN, CNY), "$19.99" (en-US, USD). */
export function formatPrice(amount: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    } catch {
      // Not an ISO 4217 code (e.g. "元"): the number for the locale followed by the symbol as written.
      const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
      return `${plain.format(amount)} ${currency}`;
    }
    formatters.set(key, f);
  }
  return f.format(amount);
}
