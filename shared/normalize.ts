import { z } from 'zod';

/**
 * Text normalisation before speech (zh-CN and en-US): what merchants type → what a voice should say.
 * Pure and total: any string in, a string out, nothing throws.
 *
 *   1. the store's pronunciation dictionary (word → reading), longest word first; its readings are
 *      protected from every later step;
 *   2. clean-up: SSML/HTML-like tags dropped, the five XML entities decoded, emoji and control
 *      characters removed;
 *   3. dates, times, years, phone-like digit strings, prices and currencies, percentages, discounts,
 *      units, ranges, model codes, then plain numbers — each pass turns digits into words, so a
 *      later pass never sees the output of an earlier one;
 *   4. `splitReading` cuts a text into lines at sentence punctuation with a maximum length (long
 *      sentences at commas).
 * Latin words inside Chinese text (brand names) are left alone.
 */

export type NormalizeLocale = 'zh-CN' | 'en-US';

/** How Azure should say a word: a phonetic spelling (SAPI or IPA) or an alias (`<sub>`). */
export const SsmlPhonemeSchema = z.object({ alphabet: z.enum(['sapi', 'ipa']), ph: z.string().trim().min(1).max(200) });
export type SsmlPhoneme = z.infer<typeof SsmlPhonemeSchema>;

/**
 * One dictionary entry: `word` as typed → `reading` as it should be said. Engines that take SSML
 * (azure) say the word with `phoneme` or `sub` instead of the reading when one is given.
 */
export const PronunciationEntrySchema = z.object({
  word: z.string().min(1).max(100),
  reading: z.string().max(200),
  phoneme: SsmlPhonemeSchema.optional(),
  sub: z.string().trim().min(1).max(200).optional(),
});
export type PronunciationEntry = z.infer<typeof PronunciationEntrySchema>;
export const PronunciationDictionarySchema = z.array(PronunciationEntrySchema).max(5000);
export type PronunciationDictionary = readonly PronunciationEntry[];

export interface NormalizeOptions {
  dictionary?: PronunciationDictionary;
  /**
   * For engines that take SSML: words whose entry has a `phoneme` or `sub` stay as typed (and are
   * protected from later passes) so that the engine can mark them up; default false (the reading).
   */
  keepMarkupWords?: boolean;
}

/** Whether an entry tells an SSML engine how to say its word. */
export function hasMarkup(entry: PronunciationEntry): boolean {
  return entry.phoneme !== undefined || entry.sub !== undefined;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Chinese numbers

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const ZH_SECTION_UNITS = ['', '万', '亿', '万亿'] as const;

function zhDigit(d: string, yao = false): string {
  if (yao && d === '1') return '幺';
  return ZH_DIGITS[Number(d)] ?? d;
}

/** Digits read one by one: "2026" → 二零二六 (1 → 幺 for phone numbers). */
export function zhDigits(digits: string, yao = false): string {
  return [...digits].map((d) => (/\d/.test(d) ? zhDigit(d, yao) : '')).join('');
}

/** A section of up to four digits ("0305" → 三百零五), with 零 for inner gaps. */
function zhSection(digits: string, useLiang: boolean): string {
  const d = digits.padStart(4, '0');
  const places = ['千', '百', '十', ''];
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < 4; i++) {
    const n = Number(d[i]);
    if (n === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    const digit = n === 2 && out === '' && useLiang && (i === 0 || i === 1) ? '两' : (ZH_DIGITS[n] ?? '');
    out += digit + places[i];
  }
  return out;
}

/**
 * An integer (string of digits) in Chinese: 199 → 一百九十九, 10 → 十, 12000 → 一万二千,
 * 2000 → 两千, 100000000 → 一亿. More than 16 digits are read one by one.
 */
export function zhInteger(raw: string): string {
  const digits = raw.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(digits)) return raw;
  if (/^0+$/.test(digits)) return '零';
  if (digits.length > 16) return zhDigits(digits);
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  let out = '';
  let pendingZero = false;
  groups.forEach((g, gi) => {
    const unit = ZH_SECTION_UNITS[groups.length - 1 - gi] ?? '';
    if (Number(g) === 0) {
      if (out) pendingZero = true;
      return;
    }
    if (out && (pendingZero || g.startsWith('0'))) out += '零';
    pendingZero = false;
    let section = zhSection(g, out === '');
    // A leading 2 before 万/亿 is 两 (两万, 两亿).
    if (out === '' && g === '2' && unit) section = '两';
    out += section + unit;
  });
  // 10–19 at the start: 十, 十一 … (not 一十一).
  return out.replace(/^一十/, '十');
}

/** A decimal number in Chinese: "19.99" → 十九点九九; "-3" → 负三. */
export function zhNumber(raw: string): string {
  let s = raw.replace(/,/g, '');
  let sign = '';
  if (s.startsWith('-')) {
    sign = '负';
    s = s.slice(1);
  }
  const [int = '0', frac] = s.split('.');
  const head = zhInteger(int === '' ? '0' : int);
  return sign + (frac ? `${head}点${zhDigits(frac)}` : head);
}

/** Money amount: trailing zeros after the point are not said (19.90 → 十九点九, 199.00 → 一百九十九). */
function trimMoney(raw: string): string {
  const s = raw.replace(/,/g, '');
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** 2 before a measure word or unit is 两 (两个, 两千克), elsewhere 二. */
function zhCount(raw: string): string {
  return raw === '2' ? '两' : zhNumber(raw);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// English numbers

const EN_ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
] as const;
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'] as const;

function enBelowHundred(n: number): string {
  if (n < 20) return EN_ONES[n] ?? '';
  const t = EN_TENS[Math.floor(n / 10)] ?? '';
  return n % 10 === 0 ? t : `${t}-${EN_ONES[n % 10] ?? ''}`;
}

function enBelowThousand(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const parts: string[] = [];
  if (h > 0) parts.push(`${EN_ONES[h] ?? ''} hundred`);
  if (r > 0) parts.push(enBelowHundred(r));
  return parts.join(' ');
}

/** Digits read one by one: "555" → five five five ("oh" never: zero is zero). */
export function enDigits(digits: string): string {
  return [...digits].filter((d) => /\d/.test(d)).map((d) => EN_ONES[Number(d)] ?? d).join(' ');
}

/** An integer in English words: 1299 → one thousand two hundred ninety-nine. */
export function enInteger(raw: string): string {
  const digits = raw.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(digits)) return raw;
  if (digits.length > 15) return enDigits(digits);
  if (Number(digits) === 0) return 'zero';
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  const parts: string[] = [];
  groups.forEach((g, gi) => {
    const n = Number(g);
    if (n === 0) return;
    const scale = EN_SCALES[groups.length - 1 - gi] ?? '';
    parts.push(scale ? `${enBelowThousand(n)} ${scale}` : enBelowThousand(n));
  });
  return parts.join(' ');
}

/** A decimal number in English: "3.5" → three point five; "-2" → minus two. */
export function enNumber(raw: string): string {
  let s = raw.replace(/,/g, '');
  let sign = '';
  if (s.startsWith('-')) {
    sign = 'minus ';
    s = s.slice(1);
  }
  const [int = '0', frac] = s.split('.');
  const head = enInteger(int === '' ? '0' : int);
  return sign + (frac ? `${head} point ${enDigits(frac)}` : head);
}

/** The ordinal of a cardinal phrase: "twenty-one" → twenty-first. */
function enOrdinalWords(cardinal: string): string {
  const m = /^(.*?)([a-z]+)$/.exec(cardinal);
  if (!m) return cardinal;
  const [, head = '', last = ''] = m;
  const special: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };
  const word = special[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return head + word;
}

export function enOrdinal(raw: string): string {
  return enOrdinalWords(enInteger(raw));
}

/** A year as said: 2026 → twenty twenty-six, 2005 → two thousand five, 1990 → nineteen ninety. */
export function enYear(raw: string): string {
  const n = Number(raw);
  if (!/^\d{4}$/.test(raw) || n < 1100) return enInteger(raw);
  if (n >= 2000 && n < 2010) return enInteger(raw);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return `${enBelowHundred(hi)} hundred`;
  return `${enBelowHundred(hi)} ${lo < 10 ? `oh ${EN_ONES[lo] ?? ''}` : enBelowHundred(lo)}`;
}

const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
] as const;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Shared patterns

/** A number: 1,299.50 (thousands separators) or 3.5 or 199. Not part of a longer digit run. */
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const NOT_AFTER_DIGIT = String.raw`(?<![\d.,])`;
const NOT_BEFORE_DIGIT = String.raw`(?![\d])`;

interface Unit {
  zh: string;
  en: [singular: string, plural: string];
}

/** Units after a number. Case-sensitive; longest first when matching. */
const UNITS: Record<string, Unit> = {
  mAh: { zh: '毫安时', en: ['milliamp hour', 'milliamp hours'] },
  kWh: { zh: '千瓦时', en: ['kilowatt hour', 'kilowatt hours'] },
  kg: { zh: '千克', en: ['kilogram', 'kilograms'] },
  KG: { zh: '千克', en: ['kilogram', 'kilograms'] },
  Kg: { zh: '千克', en: ['kilogram', 'kilograms'] },
  mg: { zh: '毫克', en: ['milligram', 'milligrams'] },
  g: { zh: '克', en: ['gram', 'grams'] },
  ml: { zh: '毫升', en: ['milliliter', 'milliliters'] },
  mL: { zh: '毫升', en: ['milliliter', 'milliliters'] },
  ML: { zh: '毫升', en: ['milliliter', 'milliliters'] },
  L: { zh: '升', en: ['liter', 'liters'] },
  l: { zh: '升', en: ['liter', 'liters'] },
  km: { zh: '公里', en: ['kilometer', 'kilometers'] },
  cm: { zh: '厘米', en: ['centimeter', 'centimeters'] },
  mm: { zh: '毫米', en: ['millimeter', 'millimeters'] },
  m: { zh: '米', en: ['meter', 'meters'] },
  kW: { zh: '千瓦', en: ['kilowatt', 'kilowatts'] },
  W: { zh: '瓦', en: ['watt', 'watts'] },
  V: { zh: '伏', en: ['volt', 'volts'] },
  Hz: { zh: '赫兹', en: ['hertz', 'hertz'] },
  GB: { zh: 'G B', en: ['gigabyte', 'gigabytes'] },
  TB: { zh: 'T B', en: ['terabyte', 'terabytes'] },
  MB: { zh: 'M B', en: ['megabyte', 'megabytes'] },
  '°C': { zh: '摄氏度', en: ['degree Celsius', 'degrees Celsius'] },
  '℃': { zh: '摄氏度', en: ['degree Celsius', 'degrees Celsius'] },
  '°F': { zh: '华氏度', en: ['degree Fahrenheit', 'degrees Fahrenheit'] },
  oz: { zh: '盎司', en: ['ounce', 'ounces'] },
  lb: { zh: '磅', en: ['pound', 'pounds'] },
  lbs: { zh: '磅', en: ['pound', 'pounds'] },
  ft: { zh: '英尺', en: ['foot', 'feet'] },
  inch: { zh: '英寸', en: ['inch', 'inches'] },
  inches: { zh: '英寸', en: ['inch', 'inches'] },
};
const UNIT_ALT = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/** Chinese measure words after which 2 is 两. */
const ZH_MEASURE = '个件只条盒包瓶袋斤次位块台双套支张把片罐箱桶份天年周月小时分钟秒倍层颗粒杯碗根';

interface Currency {
  zh: string;
  en: [major: string, majorPlural: string, minor: string, minorPlural: string];
}
const CURRENCIES: Record<string, Currency> = {
  '¥': { zh: '元', en: ['yuan', 'yuan', 'fen', 'fen'] },
  '￥': { zh: '元', en: ['yuan', 'yuan', 'fen', 'fen'] },
  $: { zh: '美元', en: ['dollar', 'dollars', 'cent', 'cents'] },
  '€': { zh: '欧元', en: ['euro', 'euros', 'cent', 'cents'] },
  '£': { zh: '英镑', en: ['pound', 'pounds', 'penny', 'pence'] },
};

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Clean-up and the dictionary

const PROTECT_OPEN = '\uE000';
const PROTECT_CLOSE = '\uE001';
const PROTECT_BASE = 0xe100;

/** Applies the dictionary (longest word first) and protects the readings from later passes. */
function applyDictionary(text: string, dictionary: PronunciationDictionary | undefined, saved: string[], keepMarkupWords = false): string {
  if (!dictionary || dictionary.length === 0) return text;
  const entries = dictionary.filter((e) => e.word.length > 0).sort((a, b) => b.word.length - a.word.length);
  const pattern = new RegExp(entries.map((e) => e.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const byWord = new Map(entries.map((e) => [e.word, keepMarkupWords && hasMarkup(e) ? e.word : e.reading] as const));
  return text.replace(pattern, (w) => {
    saved.push(byWord.get(w) ?? w);
    return PROTECT_OPEN + String.fromCharCode(PROTECT_BASE + saved.length - 1) + PROTECT_CLOSE;
  });
}

function restoreProtected(text: string, saved: readonly string[]): string {
  return text.replace(/\uE000([\uE100-\uF8FF])\uE001/g, (_, c: string) => saved[c.charCodeAt(0) - PROTECT_BASE] ?? '');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'", '&nbsp;': ' ' };

/**
 * Removes what no voice should read: markup-like tags (`<speak>`, `<break time="1s"/>`), emoji,
 * control and private-use characters; decodes the XML entities merchants paste from web pages.
 */
export function cleanForSpeech(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
      .replace(/<\/?[A-Za-z][\w:.-]*(?:\s[^<>]{0,500})?\/?>/g, ' ')
      .replace(/&(?:amp|lt|gt|quot|apos|nbsp|#39);/g, (e) => ENTITIES[e] ?? e)
      .replace(/\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}]|\uFE0E|\uFE0F|\u200D|\u20E3/gu, '')
      .replace(/[ \t]+/g, ' ')
  );
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// zh-CN

function validDate(m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Digits of a phone-like match; 0 when it is rather a round number (100000000, 12000000). */
function phoneDigitCount(s: string): number {
  if (/^[1-9]\d{0,2}0{4,}$/.test(s)) return 0;
  return s.replace(/\D/g, '').length;
}

/** Phone-like: 7+ digits, optionally grouped by "-" or single spaces into 2–4 digit groups. */
const PHONE = new RegExp(String.raw`(?<![\d.,¥￥$€£+-])(\+?\d{2,4}(?:[- ]\d{2,4}){1,4}|\d{7,})(?![\d.,]|\s?(?:元|块|万|亿|%|％|折|${UNIT_ALT})(?![A-Za-z]))`, 'g');

function normalizeZh(input: string): string {
  let t = input;
  // Dates: 2026-11-11, 2026/11/11, 2026.11.11 → 二零二六年十一月十一日.
  t = t.replace(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/g, (all, y: string, m: string, d: string) =>
    validDate(Number(m), Number(d)) ? `${zhDigits(y)}年${zhInteger(m)}月${zhInteger(d)}日` : all,
  );
  // Times: 20:00 → 二十点, 8:05 → 八点零五分, 20:30:15 → 二十点三十分十五秒.
  t = t.replace(/(?<![\d:])(\d{1,2})[:：](\d{2})(?::(\d{2}))?(?![\d:])/g, (all, h: string, m: string, s: string | undefined) => {
    const hh = Number(h);
    const mm = Number(m);
    if (hh > 24 || mm > 59 || (s !== undefined && Number(s) > 59)) return all;
    let out = `${zhInteger(h)}点`;
    if (mm > 0 || (s !== undefined && Number(s) > 0)) out += mm < 10 ? `零${zhInteger(m)}分` : `${zhInteger(m)}分`;
    if (s !== undefined && Number(s) > 0) out += `${zhInteger(s)}秒`;
    return out;
  });
  // Years: 2026年 → 二零二六年.
  t = t.replace(/(?<![\d.])(\d{4})(?=\s?年)/g, (_, y: string) => zhDigits(y));
  // Phone-like digit strings, one digit at a time, 1 as 幺.
  t = t.replace(PHONE, (all: string) => (phoneDigitCount(all) >= 7 ? zhPhone(all) : all));
  // Currency before the amount: ¥199 → 一百九十九元, $19.99 → 十九点九九美元.
  t = t.replace(new RegExp(String.raw`([¥￥$€£])\s?(${NUM})(\s?[万千]|[wW](?![A-Za-z]))?(\s?元)?`, 'g'), (_, sym: string, n: string, mult: string | undefined, yuan: string | undefined) => {
    const cur = CURRENCIES[sym] ?? { zh: '元' };
    const m = mult ? (/[wW]/.test(mult) ? '万' : mult.trim()) : '';
    void yuan;
    return `${zhNumber(trimMoney(n))}${m}${cur.zh}`;
  });
  // Amount before the currency word: 199.00元 → 一百九十九元, 2块 → 两块.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(${NUM})(?=\\s?(?:元|块|美元|欧元|英镑|港币|日元))`, 'g'), (_, n: string) =>
    trimMoney(n) === '2' ? '两' : zhNumber(trimMoney(n)),
  );
  // Percentages: 50% → 百分之五十; 10%-20% handled as a range below.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(-?(?:${NUM}))\\s?[%％]`, 'g'), (_, n: string) => `百分之${zhNumber(n)}`);
  // Discounts: 5折 → 五折, 8.5折 → 八五折.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(\\d{1,2}(?:\\.\\d)?)(?=\\s?折)`, 'g'), (_, n: string) => zhDigits(n));
  // Units: 3.5kg → 三点五千克, 500ml → 五百毫升, 2L → 两升.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(${NUM})\\s?(${UNIT_ALT})(?![A-Za-z])`, 'g'), (_, n: string, u: string) => `${zhCount(n)}${UNITS[u]?.zh ?? u}`);
  // Ranges: 3-5天 → 三到五天, 10~20 → 十到二十.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(${NUM})\\s?[-~～—]\\s?(${NUM})${NOT_BEFORE_DIGIT}`, 'g'), (_, a: string, b: string) => `${zhNumber(a)}到${zhNumber(b)}`);
  // Model codes: a number stuck to Latin letters (RTX4090 → RTX四零九零; iPhone15 → iPhone十五).
  t = t.replace(/(?<=[A-Za-z])(\d+)/g, (_, n: string) => (n.length >= 3 ? zhDigits(n) : zhInteger(n)));
  // 2 before a measure word: 2件 → 两件.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}2(?=[${ZH_MEASURE}])`, 'g'), '两');
  // Plain numbers.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(?:(?<=^|[^\\w])-)?(${NUM})`, 'g'), (all: string, n: string) => (all.startsWith('-') ? zhNumber(`-${n}`) : zhNumber(n)));
  // Symbols.
  t = t.replace(/(?<![A-Za-z])\s?&\s?|\s?&\s?(?![A-Za-z])/g, '和').replace(/(?<=\S)\s?\+\s?(?=\S)/g, '加');
  return t;
}

function zhPhone(s: string): string {
  // Groups keep a short pause between them (a space).
  return s
    .replace(/^\+/, '加')
    .split(/[- ]/)
    .map((g) => zhDigits(g, true))
    .join(' ');
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// en-US

function enMoney(raw: string, cur: Currency): string {
  const [maj, majP, min, minP] = cur.en;
  const s = raw.replace(/,/g, '');
  const [int = '0', fracRaw] = s.split('.');
  const major = Number(int);
  let cents = 0;
  let extra = '';
  if (fracRaw !== undefined) {
    if (fracRaw.length <= 2) cents = Number(fracRaw.padEnd(2, '0'));
    else extra = fracRaw; // $1.999: read as a number
  }
  if (extra) return `${enNumber(s)} ${majP}`;
  const parts: string[] = [];
  if (major > 0 || cents === 0) parts.push(`${enInteger(int)} ${major === 1 ? maj : majP}`);
  if (cents > 0) parts.push(`${enInteger(String(cents))} ${cents === 1 ? min : minP}`);
  return parts.join(' ');
}

function enTime(h: string, m: string, ampm: string | undefined): string | null {
  let hh = Number(h);
  const mm = Number(m);
  if (hh > 24 || mm > 59) return null;
  let suffix = ampm ? ` ${ampm.replace(/\./g, '').toUpperCase()}` : '';
  if (!ampm && hh >= 13) {
    hh -= 12;
    suffix = ' PM';
  } else if (!ampm && (hh === 0 || hh === 24)) {
    hh = 12;
    suffix = ' AM';
  }
  const hour = enInteger(String(hh));
  const minutes = mm === 0 ? (suffix ? '' : " o'clock") : mm < 10 ? ` oh ${enInteger(m)}` : ` ${enInteger(m)}`;
  return `${hour}${minutes}${suffix}`;
}

const EN_MONTH_NAMES = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;

function monthIndex(name: string): number {
  const key = name.slice(0, 3).toLowerCase();
  return ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(key);
}

function normalizeEn(input: string): string {
  let t = input;
  // ISO dates: 2026-11-11 → November eleventh, twenty twenty-six. US dates: 11/11/2026.
  t = t.replace(/(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g, (all, y: string, m: string, d: string) =>
    validDate(Number(m), Number(d)) ? `${EN_MONTHS[Number(m) - 1] ?? ''} ${enOrdinal(d)}, ${enYear(y)}` : all,
  );
  t = t.replace(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g, (all, m: string, d: string, y: string) =>
    validDate(Number(m), Number(d)) ? `${EN_MONTHS[Number(m) - 1] ?? ''} ${enOrdinal(d)}, ${enYear(y)}` : all,
  );
  // Month name + day (+ year): Nov 11 → November eleventh; Nov 11, 2026 → …, twenty twenty-six.
  t = t.replace(new RegExp(String.raw`\b${EN_MONTH_NAMES}\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?![\d])`, 'g'), (all, name: string, d: string, y: string | undefined) => {
    const mi = monthIndex(name);
    if (mi < 0 || !validDate(mi + 1, Number(d))) return all;
    return `${EN_MONTHS[mi] ?? name} ${enOrdinal(d)}${y ? `, ${enYear(y)}` : ''}`;
  });
  // Times: 8:30 → eight thirty; 20:00 → eight PM; 9:05 am → nine oh five AM.
  t = t.replace(/(?<![\d:])(\d{1,2}):(\d{2})(?:\s?([AaPp]\.?[Mm]\.?))?(?![\d:])/g, (all, h: string, m: string, ap: string | undefined) => enTime(h, m, ap) ?? all);
  t = t.replace(/(?<![\d:.])(\d{1,2})\s?([AaPp]\.?[Mm]\.?)(?![A-Za-z])/g, (all, h: string, ap: string) => (Number(h) <= 12 ? `${enInteger(h)} ${ap.replace(/\./g, '').toUpperCase()}` : all));
  // Years after a preposition: in 2026 → in twenty twenty-six.
  t = t.replace(/\b(in|since|by|from|until|of|year|before|after|early|late|mid)(\s+)(1[1-9]\d\d|20\d\d)(?![\d,.]?\d)/gi, (_, w: string, sp: string, y: string) => `${w}${sp}${enYear(y)}`);
  // Phone-like digit strings.
  t = t.replace(PHONE, (all: string) => (phoneDigitCount(all) >= 7 ? enPhone(all) : all));
  // Currency: $19.99 → nineteen dollars ninety-nine cents.
  t = t.replace(new RegExp(String.raw`([¥￥$€£])\s?(${NUM})(?:\s?(k|K|million|billion)\b)?`, 'g'), (_, sym: string, n: string, mult: string | undefined) => {
    const cur = CURRENCIES[sym] ?? { zh: '', en: ['', '', '', ''] };
    if (mult) {
      const word = mult.toLowerCase() === 'k' ? 'thousand' : mult;
      return `${enNumber(n)} ${word} ${cur.en[1]}`;
    }
    return enMoney(n, cur as Currency);
  });
  // Percentages.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(-?(?:${NUM}))\\s?[%％]`, 'g'), (_, n: string) => `${enNumber(n)} percent`);
  // Ordinals: 1st, 22nd, 3rd, 4th.
  t = t.replace(/(?<![\d.])(\d+)(st|nd|rd|th)\b/g, (_, n: string) => enOrdinal(n));
  // Units: 3.5kg → three point five kilograms; 1 kg → one kilogram.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(${NUM})\\s?(${UNIT_ALT})(?![A-Za-z])`, 'g'), (_, n: string, u: string) => {
    const unit = UNITS[u];
    if (!unit) return `${enNumber(n)} ${u}`;
    return `${enNumber(n)} ${n === '1' ? unit.en[0] : unit.en[1]}`;
  });
  // Ranges: 3-5 days → three to five days.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(${NUM})\\s?[-~–]\\s?(${NUM})${NOT_BEFORE_DIGIT}`, 'g'), (_, a: string, b: string) => `${enNumber(a)} to ${enNumber(b)}`);
  // Model codes (RTX4090 → RTX four zero nine zero; iPhone15 → iPhone fifteen).
  t = t.replace(/(?<=[A-Za-z])(\d+)/g, (_, n: string) => ` ${n.length >= 3 ? enDigits(n) : enInteger(n)}`);
  // "#1" → number one.
  t = t.replace(/#(\d+)/g, (_, n: string) => `number ${enInteger(n)}`);
  // Plain numbers.
  t = t.replace(new RegExp(`${NOT_AFTER_DIGIT}(?:(?<=^|[^\\w])-)?(${NUM})`, 'g'), (all: string, n: string) => (all.startsWith('-') ? enNumber(`-${n}`) : enNumber(n)));
  // Symbols.
  t = t.replace(/\s?&\s?/g, ' and ').replace(/(?<=\s)\+(?=\s)/g, 'plus');
  return t;
}

function enPhone(s: string): string {
  return s
    .replace(/^\+/, 'plus ')
    .split(/[- ]/)
    .map((g) => enDigits(g))
    .join(', ');
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Public API

/** The reading of a text: what the voice should say, in the locale's conventions. */
export function normalizeText(text: string, locale: NormalizeLocale | string, options: NormalizeOptions = {}): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  const saved: string[] = [];
  // Pauses ([pause 800]) pass through untouched: engines turn them into breaks.
  let t = text.replace(/\[pause\s+\d{1,5}\]/gi, (p) => {
    saved.push(p.toLowerCase().replace(/\s+/, ' '));
    return PROTECT_OPEN + String.fromCharCode(PROTECT_BASE + saved.length - 1) + PROTECT_CLOSE;
  });
  t = applyDictionary(t, options.dictionary, saved, options.keepMarkupWords === true);
  t = cleanForSpeech(t);
  t = String(locale).toLowerCase().startsWith('zh') ? normalizeZh(t) : normalizeEn(t);
  t = restoreProtected(t, saved);
  return t.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Whether a text has anything a voice can say (letters or digits once cleaned). */
export function hasSpeakableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(cleanForSpeech(text));
}

export interface SplitOptions {
  /** Longest line in characters (code points); default 50 for Chinese, 140 otherwise. */
  maxLength?: number;
}

const SENTENCE_END = /[。！？!?；;…\n]+|\.(?=\s|$)/u;
const COMMA = /[，、,：:]/u;

/**
 * Splits a text into lines at sentence punctuation (。！？!?；;… newlines, ". "), then splits lines
 * longer than the maximum at the last comma before it (or a space, or hard at the limit).
 */
export function splitReading(text: string, locale: NormalizeLocale | string, options: SplitOptions = {}): string[] {
  const zh = String(locale).toLowerCase().startsWith('zh');
  const max = Math.max(8, options.maxLength ?? (zh ? 50 : 140));
  const sentences: string[] = [];
  let rest = text;
  for (;;) {
    const m = SENTENCE_END.exec(rest);
    if (!m) {
      sentences.push(rest);
      break;
    }
    sentences.push(rest.slice(0, m.index + m[0].length));
    rest = rest.slice(m.index + m[0].length);
  }
  const out: string[] = [];
  for (const raw of sentences) {
    let s = raw.replace(/\s+/g, ' ').trim();
    while ([...s].length > max) {
      const chars = [...s];
      const window = chars.slice(0, max);
      let cut = -1;
      for (let i = window.length - 1; i >= Math.floor(max / 3); i--) {
        if (COMMA.test(window[i] ?? '')) {
          cut = i + 1;
          break;
        }
      }
      if (cut < 0) {
        for (let i = window.length - 1; i >= Math.floor(max / 3); i--) {
          if (window[i] === ' ') {
            cut = i + 1;
            break;
          }
        }
      }
      if (cut < 0) cut = max;
      out.push(chars.slice(0, cut).join('').trim());
      s = chars.slice(cut).join('').trim();
    }
    if (/[\p{L}\p{N}]/u.test(s)) out.push(s);
  }
  return out.filter((l) => /[\p{L}\p{N}]/u.test(l));
}

/** Normalises and splits: the lines a text will be spoken as. */
export function normalizeLines(text: string, locale: NormalizeLocale | string, options: NormalizeOptions & SplitOptions = {}): string[] {
  return splitReading(normalizeText(text, locale, options), locale, options);
}
