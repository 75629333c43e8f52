import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../shared/domain';
import { DEFAULT_BANNED_TERMS, effectiveTerms, LintSettingsPatchSchema, LintSettingsSchema, lintText } from '../../shared/lint';

const none = LintSettingsSchema.parse({});

describe('effectiveTerms: the merchant-edited banned-word list', () => {
  it('with no edits is exactly the default list', () => {
    expect(none).toEqual({ custom: [], disabled: [] });
    expect(effectiveTerms(none)).toEqual([...DEFAULT_BANNED_TERMS]);
    expect(effectiveTerms(undefined)).toEqual([...DEFAULT_BANNED_TERMS]);
  });

  it('finds a custom term with its own severity, category and suggestion', () => {
    const lint = LintSettingsSchema.parse({ custom: [{ term: '秒杀全网', severity: 'block', suggestion: '限时优惠' }, { term: 'insane deal', severity: 'warn' }] });
    const terms = effectiveTerms(lint);
    expect(lintText('今天秒杀全网！', terms)).toEqual([
      { term: '秒杀全网', severity: 'block', category: 'custom', index: 2, length: 4, line: 1, column: 3, suggestion: '限时优惠' },
    ]);
    expect(lintText('An INSANE DEAL today.', terms)).toMatchObject([{ term: 'insane deal', severity: 'warn', category: 'custom' }]);
    // Without the edits neither is a hit.
    expect(lintText('今天秒杀全网！An insane deal.')).toEqual([]);
  });

  it('a switched-off default no longer hits; the other defaults still do', () => {
    const terms = effectiveTerms(LintSettingsSchema.parse({ disabled: ['减肥', 'BEST'] }));
    expect(lintText('减肥茶，绝对好喝', terms).map((h) => h.term)).toEqual(['绝对']);
    expect(lintText('The best tea', terms)).toEqual([]);
    expect(lintText('减肥茶').map((h) => h.term)).toEqual(['减肥']);
  });

  it('a custom term with a default wording overrides its severity but keeps its category and exceptions', () => {
    const terms = effectiveTerms(LintSettingsSchema.parse({ custom: [{ term: '第一', severity: 'warn' }], disabled: [] }));
    expect(terms.filter((t) => t.term === '第一')).toHaveLength(1);
    expect(lintText('销量第一', terms)).toMatchObject([{ term: '第一', severity: 'warn', category: 'absolute', suggestion: '领先' }]);
    expect(lintText('第一次来的朋友', terms)).toEqual([]);
    expect(lintText('销量第一')[0]?.severity).toBe('block');
  });

  it('settings files written before the lint setting existed still parse, with no edits', () => {
    const old = { locale: 'zh-CN', speech: { engine: 'system', voice: null, rate: 1, pitch: 1 }, lineGapMs: 400, aiLabel: { enabled: true, text: 'AI' } };
    expect(SettingsSchema.parse(old).lint).toEqual({ custom: [], disabled: [] });
  });

  it('refuses empty, over-long or duplicated custom terms and unknown severities; a patch has no defaults', () => {
    expect(LintSettingsSchema.safeParse({ custom: [{ term: '  ', severity: 'block' }] }).success).toBe(false);
    expect(LintSettingsSchema.safeParse({ custom: [{ term: 'x'.repeat(41), severity: 'block' }] }).success).toBe(false);
    expect(LintSettingsSchema.safeParse({ custom: [{ term: 'deal', severity: 'block' }, { term: 'DEAL', severity: 'warn' }] }).success).toBe(false);
    expect(LintSettingsSchema.safeParse({ custom: [{ term: 'deal', severity: 'error' }] }).success).toBe(false);
    expect(LintSettingsPatchSchema.parse({ disabled: ['最好'] })).toEqual({ disabled: ['最好'] });
    expect(LintSettingsPatchSchema.safeParse({ disabled: [], extra: 1 }).success).toBe(false);
  });
});
