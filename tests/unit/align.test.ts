import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignTrack,
  estimateSyllables,
  estimateTextWords,
  findVoicedRegions,
  pairTextWithPhones,
  splitClauses,
  splitTextWords,
  type EnergyEnvelope,
  type PhonemeWord,
} from '../../shared/align';
import { classifyPhone, espeakToPhoneClauses } from '../../shared/phonemes';
import { TimingTrackSchema, type TimingTrack } from '../../shared/timing';

const FRAME = 10;

/** An envelope from [durationMs, level] segments, 10 ms frames. */
function envelope(segments: Array<[number, number]>): EnergyEnvelope {
  const rms: number[] = [];
  for (const [ms, level] of segments) for (let i = 0; i < ms / FRAME; i++) rms.push(level);
  return { frameMs: FRAME, rms };
}

/** The viseme showing at time t (the last event at or before t). */
function visemeAt(track: TimingTrack, t: number): number {
  let id = 0;
  for (const v of track.visemes) {
    if (v.t <= t) id = v.id;
    else break;
  }
  return id;
}

const word = (text: string, ...phones: string[]): PhonemeWord => ({ text, phones: phones.map(classifyPhone) });

// "hello there" / "good morning" as espeak spells them
const HELLO = word('hello', 'h', '@', 'l', "'oU");
const THERE = word('there', 'D', "'e@");
const GOOD = word('good', 'g', "'U", 'd');
const MORNING = word('morning', 'm', "'O@", 'n', 'I', 'N');

describe('voiced regions', () => {
  it('finds speech between silences and bridges short dips (stop closures)', () => {
    const env = envelope([[200, 0], [300, 0.3], [60, 0], [240, 0.25], [300, 0], [500, 0.3], [200, 0]]);
    expect(findVoicedRegions(env)).toEqual([
      { start: 200, end: 800 },
      { start: 1100, end: 1600 },
    ]);
  });

  it('adapts to a noise floor: hiss at -40 dBFS is not speech', () => {
    const env = envelope([[300, 0.01], [400, 0.3], [300, 0.012], [400, 0.28], [300, 0.01]]);
    expect(findVoicedRegions(env)).toEqual([
      { start: 300, end: 700 },
      { start: 1000, end: 1400 },
    ]);
  });

  it('finds nothing in silence, and ignores a lone click among speech', () => {
    expect(findVoicedRegions(envelope([[1000, 0]]))).toEqual([]);
    const env = envelope([[200, 0], [10, 0.5], [400, 0], [300, 0.3], [200, 0]]);
    expect(findVoicedRegions(env)).toEqual([{ start: 610, end: 910 }]);
  });
});

describe('alignTrack', () => {
  // Two phrases with a pause: "hello there" (200–800 ms), "good morning" (1100–1600 ms), 1800 ms.
  const env = envelope([[200, 0], [600, 0.3], [300, 0], [500, 0.3], [200, 0]]);
  const words = [HELLO, THERE, GOOD, MORNING];
  const track = alignTrack(words, env, { durationMs: 1800 });

  it('produces a valid text-aligned track that spans the audio', () => {
    expect(TimingTrackSchema.parse(track)).toEqual(track);
    expect(track.source).toBe('text-aligned');
    expect(track.durationMs).toBe(1800);
    const last = track.visemes[track.visemes.length - 1];
    expect(last).toEqual({ t: 1800, id: 0 });
    expect(track.visemes[0]).toEqual({ t: 0, id: 0 });
  });

  it('keeps the mouth at rest (viseme 0) in silences and moving during speech', () => {
    for (const t of [0, 100, 190, 850, 950, 1050, 1650, 1790]) expect(visemeAt(track, t), `t=${t}`).toBe(0);
    let moving = 0;
    let total = 0;
    for (let t = 210; t < 1600; t += 10) {
      if (t >= 800 && t < 1100) continue;
      total++;
      if (visemeAt(track, t) !== 0) moving++;
    }
    expect(moving / total).toBe(1);
  });

  it('lines the pause up with the word boundary and times words inside their phrase', () => {
    expect(track.words.map((w) => w.text)).toEqual(['hello', 'there', 'good', 'morning']);
    const [hello, there, good, morning] = track.words;
    expect(hello?.t).toBe(200);
    expect((there?.t ?? 0) + (there?.d ?? 0)).toBe(800);
    expect(good?.t).toBe(1100);
    expect((morning?.t ?? 0) + (morning?.d ?? 0)).toBe(1600);
    for (const w of track.words) expect(w.d).toBeGreaterThan(50);
  });

  it('shows the phones in order: closed lips for m, round for w/oU', () => {
    const seq = track.visemes.map((v) => v.id);
    // h ə l oʊ | ð ɛ ɹ ... g ʊ d | m ɔ ɹ n ɪ ŋ ... and the end mark
    expect(seq).toEqual([0, 12, 1, 14, 8, 17, 4, 13, 0, 20, 4, 19, 21, 3, 13, 19, 6, 20, 0, 0]);
    // vowels get more time than consonants
    const dur = (i: number) => (track.visemes[i + 1]?.t ?? 0) - (track.visemes[i]?.t ?? 0);
    expect(dur(seq.indexOf(8))).toBeGreaterThan(dur(seq.indexOf(12)));
  });

  it('is deterministic', () => {
    expect(alignTrack(words, env, { durationMs: 1800 })).toEqual(track);
  });

  it('ends near the audio even with a long tail of silence or a short one', () => {
    const tail = alignTrack(words, envelope([[100, 0], [800, 0.3], [2000, 0]]), { durationMs: 2900 });
    expect(tail.visemes.at(-1)).toEqual({ t: 2900, id: 0 });
    expect(visemeAt(tail, 1000)).toBe(0);
    const none = alignTrack(words, envelope([[900, 0.3]]), { durationMs: 900 });
    expect(none.visemes.at(-1)).toEqual({ t: 900, id: 0 });
    expect(visemeAt(none, 0)).not.toBe(0); // speech from the first sample: no leading silence
  });

  it('keeps the mouth shut for silent audio but still times the words', () => {
    const silent = alignTrack(words, envelope([[1000, 0]]), { durationMs: 1000 });
    expect(silent.visemes.every((v) => v.id === 0)).toBe(true);
    expect(silent.visemes.at(-1)?.t).toBe(1000);
    expect(silent.words).toHaveLength(4);
  });

  it('moves the mouth for voiced audio even with nothing to say it with', () => {
    const t = alignTrack([], envelope([[100, 0], [800, 0.3], [100, 0]]), { durationMs: 1000 });
    expect(visemeAt(t, 300)).not.toBe(0);
    expect(visemeAt(t, 950)).toBe(0);
  });

  it('always yields a valid, ordered track that ends at the audio’s end (property)', () => {
    const phone = fc.constantFrom('p', "'A", 'n', 'S', "'iE55", 'w', '@', 'tS;', 'aI', '_', 'x?');
    const words = fc.array(
      fc.record({ text: fc.string({ maxLength: 5 }), phones: fc.array(phone, { maxLength: 6 }) }).map((w) => word(w.text, ...w.phones)),
      { maxLength: 25 },
    );
    const levels = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 400 });
    fc.assert(
      fc.property(words, levels, fc.double({ min: 0, max: 200, noNaN: true }), (ws, rms, extra) => {
        const env = { frameMs: FRAME, rms };
        const durationMs = rms.length * FRAME + extra;
        const t = alignTrack(ws, env, { durationMs });
        TimingTrackSchema.parse(t);
        for (let i = 1; i < t.visemes.length; i++) expect((t.visemes[i]?.t ?? 0) > (t.visemes[i - 1]?.t ?? 0)).toBe(true);
        const last = t.visemes[t.visemes.length - 1];
        expect(last?.id).toBe(0);
        expect(Math.abs((last?.t ?? 0) - durationMs)).toBeLessThanOrEqual(1);
        for (const w of t.words) expect(w.t + w.d).toBeLessThanOrEqual(durationMs + 1);
        expect(t.words).toHaveLength(ws.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('text-only estimation (no phonemes)', () => {
  it('splits captions: one word per Han character, Latin and digit runs whole, no punctuation or emoji', () => {
    expect(splitTextWords('欢迎来到直播间，今天给大家带来好物。')).toHaveLength(16);
    expect(splitTextWords("iPhone 15 Pro 只要5999元！Don't miss it 😀")).toEqual(['iPhone', '15', 'Pro', '只', '要', '5999', '元', "Don't", 'miss', 'it']);
    expect(splitTextWords('😀🎉 !!')).toEqual([]);
  });

  it('counts one syllable per Han character and vowel groups in English', () => {
    expect(estimateSyllables('欢迎来到直播间', 'zh-CN')).toBe(7);
    expect(estimateSyllables('banana', 'en-US')).toBe(3);
    expect(estimateSyllables('make', 'en-US')).toBe(1);
    expect(estimateSyllables('Welcome to the live room', 'en-US')).toBe(6);
  });

  it('drives a plausible track from text alone', () => {
    const words = estimateTextWords('欢迎来到，直播间', 'zh-CN');
    const t = alignTrack(words, envelope([[100, 0], [800, 0.3], [200, 0], [600, 0.3], [100, 0]]), { durationMs: 1800 });
    expect(t.words.map((w) => w.text)).toEqual(['欢', '迎', '来', '到', '直', '播', '间']);
    expect(t.words[4]?.t).toBe(1100); // the comma's pause falls between 到 and 直
    expect(visemeAt(t, 1000)).toBe(0);
    expect(estimateTextWords('😀', 'en-US')).toEqual([]);
  });
});

describe('pairing text words with spoken words', () => {
  it('pairs Chinese characters with espeak syllables even across clauses', () => {
    // `espeak-ng -v cmn-latn-pinyin -q -x --sep "大家好，我是你们的主播小美，欢迎来到我们的直播间。"`
    const espeak = [
      "t 'A51 _|  tS; 'iA55 _|  X 'Au214 _|",
      "w 'o21 _|  s. 'i.51 _|  n 'i21 _|  m @44 n _|  t @11 _|  ts. 'u21 _|  p 'o55 _|  S; j 'Au35 _|  m 'ei214 _|",
      "X ua11 n _|  j 'i35 N _|  l 'ai35 _|  t 'Au51 _|  w 'o21 _|  m @44 n _|  t @11 _|  ts. 'i.35 _|  p 'o55 _|  tS; 'iE55 n _|",
    ].join('\n');
    const text = '大家好，我是你们的主播小美，欢迎来到我们的直播间。';
    const paired = pairTextWithPhones(text, espeakToPhoneClauses(espeak), 'zh-CN');
    expect(paired.map((w) => w.text).join('')).toBe(text.replace(/[，。]/g, ''));
    expect(paired).toHaveLength(22);
    expect(paired[10]?.text).toBe('小');
    expect(paired[10]?.phones.map((p) => p.symbol)).toEqual(['S;', 'j', "'Au35"]);
    expect(paired[11]?.phones.map((p) => p.symbol)).toEqual(['m', "'ei214"]);
  });

  it('gives a number all the words espeak said for it', () => {
    // "Only $19.99 for 2 pieces!"
    const espeak = "'oU n l i  d '0 l 3  n 'aI n t i: n  p OI n t  n 'aI n  n 'aI n  f O@  t 'u:  p 'i: s I# z";
    const paired = pairTextWithPhones('Only $19.99 for 2 pieces!', espeakToPhoneClauses(espeak), 'en-US');
    expect(paired.map((w) => w.text)).toEqual(['Only', '19.99', 'for', '2', 'pieces']);
    expect(paired[1]?.phones.length).toBeGreaterThan(10);
    expect(paired[3]?.phones.map((p) => p.symbol)).toEqual(['t', "'u:"]);
  });

  it('labels speech for text without words (emoji) with the text itself', () => {
    const paired = pairTextWithPhones('😀😀', espeakToPhoneClauses("g r 'I n I2 N  g r 'I n I N"), 'en-US');
    expect(paired).toHaveLength(1);
    expect(paired[0]?.text).toBe('😀😀');
    expect(paired[0]?.phones.length).toBe(12);
  });

  it('splits clauses at punctuation but not inside numbers', () => {
    expect(splitClauses('Hello, world. Only 19.99 today!')).toEqual(['Hello', 'world', 'Only 19.99 today']);
    expect(splitClauses('欢迎来到直播间，今天给大家带来好物。')).toEqual(['欢迎来到直播间', '今天给大家带来好物']);
  });
});
