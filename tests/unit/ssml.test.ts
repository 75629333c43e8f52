import { describe, expect, it } from 'vitest';
import { buildSsml, escapeXml } from '../../main/speech/azure-engine';
import { SpeechError } from '../../main/speech/engine';
import { billedForReading, estimateSpokenMs } from '../../main/speech/estimate';
import { normalizeText, PronunciationEntrySchema } from '../../shared/normalize';

const base = { voice: 'zh-CN-XiaoxiaoNeural', locale: 'zh-CN', rate: 1, pitch: 1 };

/** The text between <prosody …> and </prosody>. */
function body(ssml: string): string {
  return /<prosody[^>]*>([\s\S]*)<\/prosody>/.exec(ssml)?.[1] ?? '';
}

describe('SSML builder', () => {
  it('escapes & < > " \' in text, so a line can never open or close a tag', () => {
    expect(escapeXml(`& < > " '`)).toBe('&amp; &lt; &gt; &quot; &apos;');
    const ssml = buildSsml(`Tom & Jerry's <b>"deal"</b></prosody><voice name="x">`, { ...base, locale: 'en-US', voice: 'en-US-JennyNeural' });
    expect(body(ssml)).toBe('Tom &amp; Jerry&apos;s &lt;b&gt;&quot;deal&quot;&lt;/b&gt;&lt;/prosody&gt;&lt;voice name=&quot;x&quot;&gt;');
    expect(ssml.match(/<voice /g)).toHaveLength(1);
  });

  it('turns [pause N] into a break (capped at 10 s) and maps rate, pitch and style', () => {
    const ssml = buildSsml('快来[pause 800]下单[PAUSE 99999]', { ...base, rate: 1.25, pitch: 0.8, style: 'cheerful' });
    expect(body(ssml)).toBe('快来<break time="800ms"/>下单<break time="10000ms"/>');
    expect(ssml).toContain('<prosody rate="+25%" pitch="-20%">');
    expect(ssml).toContain('<mstts:express-as style="cheerful"><prosody');
    expect(ssml).toContain('<mstts:viseme type="FacialExpression"/>');
    expect(buildSsml('x', { ...base, blendShapes: false })).not.toContain('mstts:viseme');
    expect(() => buildSsml('x', { ...base, style: 'cheer"ful' })).toThrow(SpeechError);
    expect(() => buildSsml('x', { ...base, voice: 'x"/><evil' })).toThrow(/voice/);
  });

  it('says dictionary words with <phoneme> or <sub>, escaping the spelling, the alias and the word', () => {
    const ssml = buildSsml('这款行货SK-II & 3M口罩', {
      ...base,
      lexicon: [
        { word: '行货', phoneme: { alphabet: 'sapi', ph: 'hang 2 huo 4' } },
        { word: 'SK-II', sub: 'S K "two" & <more>' },
        { word: '3M', phoneme: { alphabet: 'ipa', ph: 'θriː ɛm' } },
      ],
    });
    expect(body(ssml)).toBe(
      '这款<phoneme alphabet="sapi" ph="hang 2 huo 4">行货</phoneme>' +
        '<sub alias="S K &quot;two&quot; &amp; &lt;more&gt;">SK-II</sub> &amp; ' +
        '<phoneme alphabet="ipa" ph="θriː ɛm">3M</phoneme>口罩',
    );
  });

  it('prefers the longer word where dictionary words overlap, and marks up words next to pauses', () => {
    const ssml = buildSsml('SK-II[pause 300]SK', {
      ...base,
      lexicon: [
        { word: 'SK', sub: 'es kay' },
        { word: 'SK-II', sub: 'S K two' },
        { word: 'ignored', reading: 'x' } as unknown as { word: string },
      ],
    });
    expect(body(ssml)).toBe('<sub alias="S K two">SK-II</sub><break time="300ms"/><sub alias="es kay">SK</sub>');
  });

  it('a phoneme with quotes in its spelling or an odd alphabet cannot break out of the attribute', () => {
    const ssml = buildSsml('word', { ...base, lexicon: [{ word: 'word', phoneme: { alphabet: 'x"y' as 'ipa', ph: `a"b'c<d>` } }] });
    expect(body(ssml)).toBe('<phoneme alphabet="sapi" ph="a&quot;b&apos;c&lt;d&gt;">word</phoneme>');
  });
});

describe('dictionary words kept for SSML engines', () => {
  const dictionary = [
    PronunciationEntrySchema.parse({ word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi', ph: 'hang 2 huo 4' } }),
    PronunciationEntrySchema.parse({ word: '199', reading: '幺九九' }),
  ];
  it('keeps phoneme/sub words as typed (protected from number reading) only when asked', () => {
    expect(normalizeText('行货只要199元', 'zh-CN', { dictionary })).toBe('杭货只要幺九九元');
    expect(normalizeText('行货只要199元', 'zh-CN', { dictionary, keepMarkupWords: true })).toBe('行货只要幺九九元');
  });
  it('rejects an entry with an empty phonetic spelling or an unknown alphabet', () => {
    expect(PronunciationEntrySchema.safeParse({ word: 'a', reading: 'b', phoneme: { alphabet: 'sapi', ph: ' ' } }).success).toBe(false);
    expect(PronunciationEntrySchema.safeParse({ word: 'a', reading: 'b', phoneme: { alphabet: 'x-sampa', ph: 'a' } }).success).toBe(false);
  });
});

describe('spoken duration and billed characters of a reading', () => {
  it('estimates Mandarin at about 4–5 characters a second and English at about 2–3 words a second', () => {
    const zh = estimateSpokenMs('欢迎来到直播间今天福利多多', 'zh-CN');
    expect(zh).toBeGreaterThan(13 / 5.5 * 1000);
    expect(zh).toBeLessThan(13 / 3.5 * 1000);
    const en = estimateSpokenMs('Welcome to the show we have great deals today', 'en-US');
    expect(en).toBeGreaterThan(9 / 3.2 * 1000);
    expect(en).toBeLessThan(9 / 2 * 1000);
  });
  it('counts pauses as written, speeds up with the rate but not the pauses', () => {
    const plain = estimateSpokenMs('快来下单', 'zh-CN');
    expect(estimateSpokenMs('快来[pause 800]下单', 'zh-CN')).toBe(plain + 800);
    expect(Math.abs(estimateSpokenMs('快来[pause 800]下单', 'zh-CN', 2) - (plain / 2 + 800))).toBeLessThanOrEqual(1);
  });
  it('bills Chinese characters and full-width punctuation twice, pause markers not at all', () => {
    expect(billedForReading('快来下单！')).toBe(10);
    expect(billedForReading('Buy now[pause 500]!')).toBe(8);
  });
});
