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

/**
 * A time-limited offer's countdown on the product card comes from the product itself (its
 * `offerEndsAt`, see `cardCountdownEndsAt`) or from a script cue: `[countdown 10:00]` (mm:ss, or `h:mm:ss`, or `[countdown 15m]`) counts down from the
 * line's start; `[offer-ends 21:00]` counts down to that local time (tomorrow's, when it has passed);
 * `[countdown:off]` removes it. The countdown belongs to the card: it goes when the card goes.
 */
export type CountdownCue = { kind: 'for'; durationMs: number } | { kind: 'until'; hour: number; minute: number } | { kind: 'off' };

const MAX_COUNTDOWN_MS = 24 * 3600_000;

export function parseCountdownCue(cue: string): CountdownCue | null {
  const c = cue.trim().toLowerCase();
  if (c === 'countdown:off' || c === 'countdown off' || c === 'offer-ends:off') return { kind: 'off' };
  const forMatch = /^countdown\s+(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(c);
  if (forMatch) {
    const h = Number(forMatch[1] ?? 0);
    const m = Number(forMatch[2]);
    const s = Number(forMatch[3]);
    if (s >= 60 || (forMatch[1] !== undefined && m >= 60)) return null;
    const durationMs = ((h * 60 + m) * 60 + s) * 1000;
    return durationMs > 0 && durationMs <= MAX_COUNTDOWN_MS ? { kind: 'for', durationMs } : null;
  }
  const minutes = /^countdown\s+(\d{1,4})\s*(?:m|min|minutes?)$/.exec(c);
  if (minutes) {
    const durationMs = Number(minutes[1]) * 60_000;
    return durationMs > 0 && durationMs <= MAX_COUNTDOWN_MS ? { kind: 'for', durationMs } : null;
  }
  const until = /^offer-ends\s+(\d{1,2}):(\d{2})$/.exec(c);
  if (until) {
    const hour = Number(until[1]);
    const minute = Number(until[2]);
    return hour < 24 && minute < 60 ? { kind: 'until', hour, minute } : null;
  }
  return null;
}

/** The instant (epoch ms) a countdown cue ends, for a line starting at `nowMs` (local time of the stage's machine). */
export function countdownEndsAt(cue: Exclude<CountdownCue, { kind: 'off' }>, nowMs: number): number {
  if (cue.kind === 'for') return nowMs + cue.durationMs;
  const d = new Date(nowMs);
  d.setHours(cue.hour, cue.minute, 0, 0);
  if (d.getTime() <= nowMs) d.setDate(d.getDate() + 1);
  return d.getTime();
}

/**
 * The countdown after a line starts: the line's countdown cue (last one wins) sets or removes it,
 * otherwise it stays while the card shows the same product, and goes with the card.
 */
export function countdownAtLineStart(
  previous: { productId: string; endsAt: number } | null,
  card: CardState,
  cues: readonly string[],
  nowMs: number,
): { productId: string; endsAt: number } | null {
  if (card === null) return null;
  let next = previous !== null && previous.productId === card ? previous : null;
  for (const raw of cues) {
    const cue = parseCountdownCue(raw);
    if (cue === null) continue;
    next = cue.kind === 'off' ? null : { productId: card, endsAt: countdownEndsAt(cue, nowMs) };
  }
  return next;
}

/**
 * A product's `offerEndsAt` (ISO 8601 date-time with offset, as ProductSchema keeps it) as epoch ms;
 * null when there is none or it cannot be read.
 */
export function offerEndsAtMs(offerEndsAt: string | null | undefined): number | null {
  if (offerEndsAt === null || offerEndsAt === undefined || offerEndsAt === '') return null;
  const ms = Date.parse(offerEndsAt);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The end (epoch ms) the product card counts down to, or null for no countdown: a countdown set by
 * a script cue (`cueEndsAt`) wins; otherwise the product's own time-limited offer, while it ends in
 * the future (an offer that has ended shows no countdown). `[countdown:off]` only removes a cue's
 * countdown: to take a product's offer off the card, clear its offer end in the studio.
 */
export function cardCountdownEndsAt(cueEndsAt: number | null, offerEndsAt: string | null | undefined, nowMs: number): number | null {
  if (cueEndsAt !== null) return cueEndsAt;
  const end = offerEndsAtMs(offerEndsAt);
  return end !== null && end > nowMs ? end : null;
}

/** Time left as "mm:ss" (under an hour) or "h:mm:ss"; never negative. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
