import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WeekdaySchema, type Product } from '../../shared/domain';
import { readSeedFile, seedFilePath, type SeedFile } from '../../main/library/seeds';

const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
const LOCALES = ['zh-CN', 'en-US'] as const;

/** Absolute claims that advertising law (and the platforms) do not allow, plus medical claims. */
const BANNED_ZH = ['最', '第一', '国家级', '顶级', '绝对', '100%', '万能', '根治', '首选', '唯一', '全网', '史上', '极品', '独家', '秒杀', '治疗', '疗效', '减肥', '药', '零添加', '无毒', '永久'];
const BANNED_EN = [/\bbest\b/i, /\bno\.?\s?1\b/i, /#1/, /\bnumber one\b/i, /guarantee/i, /100\s?%/, /\bcures?\b/i, /\bheal/i, /\bcheapest\b/i, /\blowest\b/i, /\bperfect\b/i, /\bmiracle/i, /\bhealthiest\b/i];

/** Every piece of text a viewer could see or hear. */
function allText(seed: SeedFile): string[] {
  return [
    ...seed.products.flatMap((p) => [p.name, ...p.sellingPoints, ...p.tags]),
    ...seed.scripts.flatMap((s) => [s.title, s.body, ...s.tags]),
    ...seed.playlists.map((p) => p.name),
    seed.plan.name,
    seed.settings.aiLabel.text,
  ];
}

/** The spoken text of a body: variables filled from the product, first variant, cues removed. */
function speak(body: string, product: Product | null): string {
  return body
    .replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => String(resolveVariable(name, product) ?? ''))
    .replace(/\{([^{}|]*)\|[^{}]*\}/g, '$1')
    .replace(/\[[^\]]*\]/g, '');
}

function resolveVariable(name: string, product: Product | null): unknown {
  const [root, ...rest] = name.split('.');
  if (root !== 'product' || product === null) return undefined;
  let value: unknown = product;
  for (const key of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?])|(?<=\.)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

describe.each(LOCALES)('seeds/%s.json', (locale) => {
  const file = seedFilePath(SEEDS_DIR, locale);
  const seed = readSeedFile(file);
  const products = new Map(seed.products.map((p) => [p.id, p]));

  it('is the file for its locale, with the expected settings', () => {
    expect(path.basename(file)).toBe(`${locale}.json`);
    expect(seed.locale).toBe(locale);
    expect(seed.settings).toEqual({
      locale,
      speech: { engine: 'system', voice: null, rate: 1, pitch: 1 },
      lineGapMs: 400,
      aiLabel: { enabled: true, text: locale === 'zh-CN' ? 'AI生成 · 数字人直播' : 'AI-generated host' },
      // The seed files predate stage settings: the built-in host in the studio set.
      stage: { avatarId: null, background: { kind: 'studio' }, light: 'studio', ticker: { enabled: false, text: '' }, logoMediaId: null, qrMediaId: null, drawWhenHidden: false, volume: 1 },
      lint: { custom: [], disabled: [] },
    });
  });

  it('has at least 6 priced products with 3+ selling points and stock', () => {
    expect(seed.products.length).toBeGreaterThanOrEqual(6);
    for (const p of seed.products) {
      expect(p.currency).toBe(locale === 'zh-CN' ? 'CNY' : 'USD');
      expect(p.price).toBeGreaterThan(0);
      expect(p.originalPrice).not.toBeNull();
      expect(p.originalPrice as number).toBeGreaterThan(p.price);
      expect(p.sellingPoints.length).toBeGreaterThanOrEqual(3);
      expect(p.stock).toBeGreaterThan(0);
    }
  });

  it('has a welcome script, a follow reminder and 2+ sales scripts per product', () => {
    expect(seed.scripts.some((s) => s.kind === 'welcome' && s.productId === null)).toBe(true);
    expect(seed.scripts.some((s) => s.kind === 'follow' && s.productId === null)).toBe(true);
    for (const p of seed.products) {
      expect(seed.scripts.filter((s) => s.kind === 'sales' && s.productId === p.id).length).toBeGreaterThanOrEqual(2);
    }
    for (const s of seed.scripts.filter((x) => x.kind === 'sales')) expect(s.productId).not.toBeNull();
  });

  it('has one looping playlist that names existing scripts and airs every script', () => {
    expect(seed.playlists).toHaveLength(1);
    const [pl] = seed.playlists;
    if (!pl) throw new Error('no playlist');
    expect(pl.loop).toBe(true);
    const scriptIds = new Set(seed.scripts.map((s) => s.id));
    const itemScripts = pl.items.map((i) => (i.type === 'script' ? i.scriptId : ''));
    for (const id of itemScripts) expect(scriptIds.has(id)).toBe(true);
    expect(new Set(itemScripts)).toEqual(scriptIds);

    const kinds = itemScripts.map((id) => seed.scripts.find((s) => s.id === id)?.kind);
    expect(kinds[0]).toBe('welcome');
    expect(kinds[1]).toBe('sales');
    expect(kinds).toContain('follow');
  });

  it('has a 24-hour plan on every weekday running that playlist, soft start', () => {
    expect(seed.plan.timeZone).toBe(locale === 'zh-CN' ? 'Asia/Shanghai' : 'America/New_York');
    expect(() => new Intl.DateTimeFormat('en', { timeZone: seed.plan.timeZone })).not.toThrow();
    for (const day of WeekdaySchema.options) {
      expect(seed.plan.days[day]).toEqual([
        expect.objectContaining({ start: '00:00', end: '24:00', playlistId: seed.playlists[0]?.id, startMode: 'soft' }),
      ]);
    }
  });

  it('uses only variables that name fields that exist on the script\'s product', () => {
    let checked = 0;
    for (const s of seed.scripts) {
      const product = s.productId === null ? null : (products.get(s.productId) ?? null);
      for (const match of s.body.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)) {
        const name = match[1] as string;
        expect(name, `${s.id}: ${name}`).toMatch(/^product\./);
        expect(product, `${s.id} uses ${name} but has no product`).not.toBeNull();
        const value = resolveVariable(name, product);
        expect(value === undefined || value === null, `${s.id}: {{${name}}} resolves to nothing`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(seed.products.length * 4);
  });

  it('uses well-formed template syntax: known cues, balanced variants', () => {
    for (const s of seed.scripts) {
      for (const cue of s.body.matchAll(/\[([^\]]*)\]/g)) {
        expect(cue[1], s.id).toMatch(/^(wave|smile|card:on|card:off|pause \d{2,4})$/);
      }
      const withoutVars = s.body.replace(/\{\{[^}]*\}\}/g, '');
      expect(withoutVars, s.id).not.toMatch(/\{[^}]*\{|\}[^{]*\}/); // no nesting / stray braces
      for (const v of withoutVars.matchAll(/\{([^}]*)\}/g)) expect(v[1], s.id).toContain('|');
      expect(withoutVars.replace(/\{[^}]*\}/g, ''), s.id).not.toMatch(/[{}|]/);
      if (s.kind === 'sales') {
        expect(s.body.startsWith('[card:on]'), s.id).toBe(true);
        expect(s.body.endsWith('[card:off]'), s.id).toBe(true);
      }
    }
  });

  it('speaks in short sentences', () => {
    for (const s of seed.scripts) {
      const product = s.productId === null ? null : (products.get(s.productId) ?? null);
      for (const sentence of sentences(speak(s.body, product))) {
        if (locale === 'zh-CN') expect(sentence.length, `${s.id}: ${sentence}`).toBeLessThanOrEqual(40);
        else expect(sentence.split(/\s+/).length, `${s.id}: ${sentence}`).toBeLessThanOrEqual(22);
      }
    }
  });

  it('contains no absolute advertising terms or medical claims', () => {
    for (const text of allText(seed)) {
      for (const term of BANNED_ZH) expect(text.includes(term), `"${term}" in: ${text}`).toBe(false);
      for (const re of BANNED_EN) expect(re.test(text), `${String(re)} in: ${text}`).toBe(false);
    }
  });
});

describe('the two seed files', () => {
  it('describe the same store (same ids), so tests and docs can name them', () => {
    const [zh, en] = LOCALES.map((l) => readSeedFile(seedFilePath(SEEDS_DIR, l)));
    if (!zh || !en) throw new Error('missing seed');
    expect(en.products.map((p) => p.id)).toEqual(zh.products.map((p) => p.id));
    expect(en.scripts.map((s) => [s.id, s.kind, s.productId])).toEqual(zh.scripts.map((s) => [s.id, s.kind, s.productId]));
    expect(en.playlists).toEqual(zh.playlists.map((p) => ({ ...p, name: en.playlists[0]?.name })));
  });
});
