import { describe, expect, it } from 'vitest';
import { enInteger, enYear, hasSpeakableText, normalizeLines, normalizeText, splitReading, zhInteger } from '../../shared/normalize';

/** [what the merchant typed, what the voice should say] */
const ZH: ReadonlyArray<readonly [string, string]> = [
  // prices and currency
  ['¥199', '一百九十九元'],
  ['￥199', '一百九十九元'],
  ['199元', '一百九十九元'],
  ['¥19.9', '十九点九元'],
  ['¥19.90', '十九点九元'],
  ['199.00元', '一百九十九元'],
  ['¥199元', '一百九十九元'],
  ['$19.99', '十九点九九美元'],
  ['€5', '五欧元'],
  ['£20', '二十英镑'],
  ['¥1.5万', '一点五万元'],
  ['现在只要¥89，原价¥129！', '现在只要八十九元，原价一百二十九元！'],
  ['9.9元包邮', '九点九元包邮'],
  ['2元', '两元'],
  ['到手价 ¥1,299', '到手价 一千二百九十九元'],
  // plain numbers
  ['0', '零'],
  ['7', '七'],
  ['10', '十'],
  ['15', '十五'],
  ['20', '二十'],
  ['110', '一百一十'],
  ['1005', '一千零五'],
  ['1050', '一千零五十'],
  ['2000', '两千'],
  ['10000', '一万'],
  ['12000', '一万二千'],
  ['20000', '两万'],
  ['100000', '十万'],
  ['1000001元', '一百万零一元'],
  ['100000000', '一亿'],
  ['1,299', '一千二百九十九'],
  ['0.5', '零点五'],
  ['3.14', '三点一四'],
  ['-3度', '负三度'],
  ['第1名', '第一名'],
  ['买2件送1件', '买两件送一件'],
  ['库存只有320件', '库存只有三百二十件'],
  ['10万', '十万'],
  // percentages and discounts
  ['50%', '百分之五十'],
  ['12.5%', '百分之十二点五'],
  ['满减30％', '满减百分之三十'],
  ['打5折', '打五折'],
  ['8.5折', '八五折'],
  ['全场7折起', '全场七折起'],
  ['9.5折', '九五折'],
  // dates, times, years
  ['11月11日', '十一月十一日'],
  ['2026-11-11', '二零二六年十一月十一日'],
  ['2026/6/18', '二零二六年六月十八日'],
  ['2026年', '二零二六年'],
  ['1998年成立', '一九九八年成立'],
  ['20:00开播', '二十点开播'],
  ['20:30', '二十点三十分'],
  ['8:05', '八点零五分'],
  ['晚上8点', '晚上八点'],
  // units
  ['3.5kg', '三点五千克'],
  ['500ml', '五百毫升'],
  ['500 ml', '五百毫升'],
  ['2L', '两升'],
  ['1.7L', '一点七升'],
  ['28cm', '二十八厘米'],
  ['250g', '两百五十克'],
  ['5000mAh', '五千毫安时'],
  ['30℃', '三十摄氏度'],
  ['65W快充', '六十五瓦快充'],
  ['10mm', '十毫米'],
  // phone-like digit strings
  ['客服电话13800138000', '客服电话幺三八零零幺三八零零零'],
  ['400-123-4567', '四零零 幺二三 四五六七'],
  ['订单号 2026111101', '订单号 二零二六幺幺幺幺零幺'],
  // ranges and model codes
  ['3-5天', '三到五天'],
  ['10~20件', '十到二十件'],
  ['iPhone15', 'iPhone十五'],
  ['RTX4090显卡', 'RTX四零九零显卡'],
  // brands and markup left alone / cleaned
  ['SK-II神仙水', 'SK-II神仙水'],
  ['Apple和Nike都有', 'Apple和Nike都有'],
  ['H&M同款', 'H&M同款'],
  ['<speak>你好</speak>', '你好'],
  ['买一&amp;送一', '买一和送一'],
  ['欢迎😀👍🏻家人们', '欢迎家人们'],
];

const EN: ReadonlyArray<readonly [string, string]> = [
  ['$19.99', 'nineteen dollars ninety-nine cents'],
  ['$1', 'one dollar'],
  ['$0.99', 'ninety-nine cents'],
  ['$5.5', 'five dollars fifty cents'],
  ['$1,299.00', 'one thousand two hundred ninety-nine dollars'],
  ['$2k', 'two thousand dollars'],
  ['¥199', 'one hundred ninety-nine yuan'],
  ['€20', 'twenty euros'],
  ['0', 'zero'],
  ['13', 'thirteen'],
  ['42', 'forty-two'],
  ['100000', 'one hundred thousand'],
  ['1,299', 'one thousand two hundred ninety-nine'],
  ['3.14', 'three point one four'],
  ['-5', 'minus five'],
  ['50% off', 'fifty percent off'],
  ['12.5%', 'twelve point five percent'],
  ['3.5kg', 'three point five kilograms'],
  ['1 kg', 'one kilogram'],
  ['500ml', 'five hundred milliliters'],
  ['2L', 'two liters'],
  ['5000mAh', 'five thousand milliamp hours'],
  ['28cm pan', 'twenty-eight centimeters pan'],
  ['30°C', 'thirty degrees Celsius'],
  ['Call 555-123-4567', 'Call five five five, one two three, four five six seven'],
  ['at 8:30', 'at eight thirty'],
  ['20:00', 'eight PM'],
  ['9:05 am', 'nine oh five AM'],
  ['9 pm', 'nine PM'],
  ['2026-11-11', 'November eleventh, twenty twenty-six'],
  ['11/11/2026', 'November eleventh, twenty twenty-six'],
  ['Nov 11', 'November eleventh'],
  ['in 2026', 'in twenty twenty-six'],
  ['since 2005', 'since two thousand five'],
  ['1st', 'first'],
  ['22nd', 'twenty-second'],
  ['3-5 days', 'three to five days'],
  ['RTX4090', 'RTX four zero nine zero'],
  ['#1 seller', 'number one seller'],
  ['Salt & pepper', 'Salt and pepper'],
  ['<speak>Hello</speak>', 'Hello'],
  ['Tom &amp; Jerry', 'Tom and Jerry'],
];

describe('normalizeText zh-CN', () => {
  it('has at least 60 cases', () => expect(ZH.length).toBeGreaterThanOrEqual(60));
  it.each(ZH)('%s → %s', (input, reading) => {
    expect(normalizeText(input, 'zh-CN')).toBe(reading);
  });
});

describe('normalizeText en-US', () => {
  it('has at least 30 cases', () => expect(EN.length).toBeGreaterThanOrEqual(30));
  it.each(EN)('%s → %s', (input, reading) => {
    expect(normalizeText(input, 'en-US')).toBe(reading);
  });
});

describe('numbers', () => {
  it('reads every integer up to 10 000 without digits left over or doubled zeros', () => {
    for (let n = 1; n <= 10_000; n++) {
      const zh = zhInteger(String(n));
      expect(zh, String(n)).not.toMatch(/\d|零零|零$/);
      expect(enInteger(String(n)), String(n)).toMatch(/^[a-z -]+$/);
    }
  });
  it('reads years the way people say them', () => {
    expect(enYear('1999')).toBe('nineteen ninety-nine');
    expect(enYear('1900')).toBe('nineteen hundred');
    expect(enYear('2010')).toBe('twenty ten');
    expect(enYear('1905')).toBe('nineteen oh five');
  });
  it('leaves no digit in a shop line', () => {
    const line = '今晚20:00开播，¥199的锅只要5折，满2件再减10%，电话13800138000，2026-11-11截止，3.5kg装。';
    expect(normalizeText(line, 'zh-CN')).not.toMatch(/\d/);
    const en = 'Live at 20:00: the $199 pan is 50% off, 3.5kg, call 555-123-4567 by 2026-11-11.';
    expect(normalizeText(en, 'en-US')).not.toMatch(/\d/);
  });
});

describe('pronunciation dictionary', () => {
  const dictionary = [
    { word: '小米', reading: '晓米' },
    { word: '手环7', reading: '手环七代' },
    { word: 'SK-II', reading: 'S K two' },
  ];
  it('is applied first, longest word first, and its readings are not normalised again', () => {
    expect(normalizeText('小米手环7只要¥199', 'zh-CN', { dictionary })).toBe('晓米手环七代只要一百九十九元');
    expect(normalizeText('SK-II神仙水', 'zh-CN', { dictionary })).toBe('S K two神仙水');
    expect(normalizeText('X 2', 'zh-CN', { dictionary: [{ word: 'X', reading: 'X 100' }] })).toBe('X 100 二');
  });
  it('works with an empty dictionary and special characters in words', () => {
    expect(normalizeText('a+b (c)', 'en-US', { dictionary: [{ word: '(c)', reading: 'copyright' }] })).toBe('a+b copyright');
    expect(normalizeText('小米', 'zh-CN', { dictionary: [] })).toBe('小米');
  });
});

describe('splitting into lines', () => {
  it('splits at sentence punctuation', () => {
    expect(splitReading('欢迎来到直播间！喜欢的点点关注。下单吗？', 'zh-CN')).toEqual(['欢迎来到直播间！', '喜欢的点点关注。', '下单吗？']);
    expect(splitReading('Welcome in. It costs nineteen point nine nine! Ready?', 'en-US')).toEqual([
      'Welcome in.',
      'It costs nineteen point nine nine!',
      'Ready?',
    ]);
  });
  it('splits long sentences at commas, never above the maximum', () => {
    const text = '今天的煎锅只要¥89，原价¥129，燃气灶和电磁炉都能用，锅底加厚，受热均匀，不粘涂层，少放油也能煎，喜欢的宝宝赶紧下单吧。';
    const lines = normalizeLines(text, 'zh-CN', { maxLength: 20 });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(20);
    expect(lines.slice(0, -1).every((l) => /[，,]$/.test(l))).toBe(true);
    expect(lines.join('')).toBe(normalizeText(text, 'zh-CN'));
  });
  it('cuts a sentence without commas at the limit', () => {
    const lines = splitReading('啊'.repeat(120), 'zh-CN', { maxLength: 50 });
    expect(lines.map((l) => l.length)).toEqual([50, 50, 20]);
  });
  it('drops lines with nothing to say', () => {
    expect(splitReading('。。！\n\n…', 'zh-CN')).toEqual([]);
    expect(hasSpeakableText('😀🎉')).toBe(false);
    expect(hasSpeakableText('<speak></speak>')).toBe(false);
    expect(hasSpeakableText('hi')).toBe(true);
  });
  it('handles a 20 000-character script quickly', () => {
    const script = '家人们，这款锅只要¥89！'.repeat(1500).slice(0, 20_000);
    const t0 = performance.now();
    const lines = normalizeLines(script, 'zh-CN');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.join('')).not.toMatch(/\d/);
  });
});
