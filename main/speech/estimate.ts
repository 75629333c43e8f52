import { azureBilledCharacters } from './billing';

/**
 * How long a reading takes to say, before it is rendered (the studio shows it under each line):
 * Mandarin at about 4.5 syllables (characters) a second, English at about 2.6 words a second,
 * a short rest at commas and sentence ends, `[pause N]` as written; divided by the rate.
 */
export function estimateSpokenMs(reading: string, locale: string, rate = 1): number {
  let pauses = 0;
  const text = reading.replace(/\[pause\s+(\d{1,5})\]/gi, (_, n: string) => {
    pauses += Math.min(10_000, Number(n));
    return ' ';
  });
  let ms = 0;
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const words = (text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).length;
  const zh = locale.toLowerCase().startsWith('zh');
  ms += (han / 4.5) * 1000 + (words / (zh ? 3 : 2.6)) * 1000;
  ms += (text.match(/[，,、；;：:]/g) ?? []).length * 200 + (text.match(/[。！？!?.…]/g) ?? []).length * 300;
  // Pauses are written in ms and do not speed up with the rate.
  return Math.round(ms / Math.max(0.5, Math.min(2, rate))) + pauses;
}

/** Characters Azure would bill for a reading (each Chinese character counts twice; pause markers are not spoken). */
export function billedForReading(reading: string): number {
  return azureBilledCharacters(reading.replace(/\[pause\s+\d{1,5}\]/gi, ''));
}
