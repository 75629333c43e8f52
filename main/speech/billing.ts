/**
 * Billed characters of a cloud voice. Azure counts every character of the text it speaks (for SSML,
 * the text inside the tags) and counts each CJK character — Han, kana, hangul, and full-width
 * punctuation — as two.
 */
const DOUBLE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

export function azureBilledCharacters(text: string): number {
  let n = 0;
  for (const ch of text) n += DOUBLE.test(ch) ? 2 : 1;
  return n;
}
