/**
 * Banned-word check for what the host will say on air. China's Advertising Law (art. 9) forbids
 * absolute terms (最佳, 第一, 国家级 …); efficacy and medical claims are forbidden outside medical
 * ads; platforms (Douyin, Taobao, Kuaishou) also flag steering buyers off-platform. Merchants can
 * edit the list; each term has a severity: `block` keeps a script off air, `warn` asks for a look.
 */

import { z } from 'zod';

export const LintSeveritySchema = z.enum(['block', 'warn']);
export type LintSeverity = z.infer<typeof LintSeveritySchema>;
/** `custom`: a term the merchant added. */
export const LintCategorySchema = z.enum(['absolute', 'medical', 'platform', 'custom']);
export type LintCategory = z.infer<typeof LintCategorySchema>;

export interface BannedTerm {
  term: string;
  severity: LintSeverity;
  category: LintCategory;
  /** Longer phrases that contain the term but are fine (e.g. 第一次 for 第一). */
  except?: readonly string[];
  /** A safer wording to offer. */
  suggestion?: string;
}

export interface LintHit {
  term: string;
  severity: LintSeverity;
  category: LintCategory;
  /** Offset in the text and length of the match. */
  index: number;
  length: number;
  /** 1-based line and column, for messages like "row 3, column 12". */
  line: number;
  column: number;
  suggestion?: string;
}

const abs = (term: string, suggestion?: string, except?: string[]): BannedTerm => ({
  term,
  severity: 'block',
  category: 'absolute',
  ...(suggestion ? { suggestion } : {}),
  ...(except ? { except } : {}),
});
const med = (term: string, suggestion?: string): BannedTerm => ({ term, severity: 'block', category: 'medical', ...(suggestion ? { suggestion } : {}) });
const platform = (term: string): BannedTerm => ({ term, severity: 'warn', category: 'platform' });

/** The default list, zh-CN and en-US. English terms match whole words, case-insensitively. */
export const DEFAULT_BANNED_TERMS: readonly BannedTerm[] = [
  abs('最好', '很好'),
  abs('最佳', '优选'),
  abs('最低价', '优惠价'),
  abs('最便宜', '很实惠'),
  abs('最优', '优质'),
  abs('最强', '很强'),
  abs('最先进', '先进'),
  abs('最高级', '高品质'),
  abs('全网最'),
  abs('史上最'),
  abs('第一', '领先', ['第一次', '第一步', '第一天', '第一眼', '第一时间', '第一件', '第一款', '第一个', '第一口']),
  abs('销量冠军'),
  abs('国家级'),
  abs('世界级'),
  abs('顶级', '高端'),
  abs('极品'),
  abs('绝对'),
  abs('100%'),
  abs('百分百'),
  abs('百分之百'),
  abs('万能'),
  abs('唯一'),
  abs('独一无二'),
  abs('永久'),
  abs('零风险'),
  med('根治'),
  med('治愈'),
  med('药到病除'),
  med('包治'),
  med('无副作用'),
  med('减肥', '轻盈'),
  med('降血压'),
  med('降血糖'),
  med('抗癌'),
  med('防癌'),
  med('增高'),
  platform('加微信'),
  platform('加我微信'),
  platform('微信号'),
  platform('私聊'),
  platform('私下交易'),
  platform('转账'),
  abs('best', 'great'),
  abs('No.1'),
  abs('number one'),
  abs('#1'),
  abs('guaranteed'),
  abs('cheapest', 'great value'),
  abs('lowest price ever'),
  abs('world-class'),
  abs('risk-free'),
  med('cure'),
  med('cures'),
  med('miracle'),
  med('weight loss'),
  platform('DM me'),
  platform('pay outside'),
];

/** A term the merchant added (or a default whose severity or suggestion they changed). */
export const CustomBannedTermSchema = z.object({
  term: z.string().trim().min(1).max(40),
  severity: LintSeveritySchema,
  category: LintCategorySchema.default('custom'),
  suggestion: z.string().trim().max(40).optional(),
});
export type CustomBannedTerm = z.infer<typeof CustomBannedTermSchema>;

const lintFields = {
  /** The merchant's own terms; one with a default's wording overrides that default. */
  custom: z
    .array(CustomBannedTermSchema)
    .max(500)
    .refine((terms) => new Set(terms.map((t) => t.term.toLowerCase())).size === terms.length, { message: 'each custom term only once' }),
  /** Default terms the merchant switched off (their exact wording). */
  disabled: z.array(z.string().min(1).max(40)).max(500),
};

/** The store's banned-word list edits; absent in files written before they existed: none. */
export const LintSettingsSchema = z.object({
  custom: lintFields.custom.default([]),
  disabled: lintFields.disabled.default([]),
});
export type LintSettings = z.infer<typeof LintSettingsSchema>;
/** A change to the lint settings; absent fields keep their saved value (no defaults here). */
export const LintSettingsPatchSchema = z.object(lintFields).partial().strict();

/**
 * The list the check uses: the defaults minus the switched-off ones, with the merchant's terms
 * added. A custom term with a default's wording replaces its severity (and suggestion, when given)
 * but keeps the default's category and exceptions (第一次 stays fine when 第一 is changed to warn).
 */
export function effectiveTerms(lint: LintSettings | undefined, defaults: readonly BannedTerm[] = DEFAULT_BANNED_TERMS): BannedTerm[] {
  if (!lint) return [...defaults];
  const disabled = new Set(lint.disabled.map((d) => d.toLowerCase()));
  const custom = new Map(lint.custom.map((c) => [c.term.toLowerCase(), c]));
  const out: BannedTerm[] = [];
  for (const d of defaults) {
    const key = d.term.toLowerCase();
    const own = custom.get(key);
    if (own) {
      custom.delete(key);
      const suggestion = own.suggestion || d.suggestion;
      out.push({ ...d, severity: own.severity, ...(suggestion ? { suggestion } : {}) });
    } else if (!disabled.has(key)) {
      out.push(d);
    }
  }
  for (const c of custom.values()) {
    out.push({ term: c.term, severity: c.severity, category: c.category, ...(c.suggestion ? { suggestion: c.suggestion } : {}) });
  }
  return out;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9]/.test(ch);
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

/** Every banned term in `text`, in order of appearance; overlapping shorter hits inside a longer one are dropped. */
export function lintText(text: string, terms: readonly BannedTerm[] = DEFAULT_BANNED_TERMS): LintHit[] {
  const lower = text.toLowerCase();
  const hits: LintHit[] = [];
  for (const t of terms) {
    const needle = t.term.toLowerCase();
    if (!needle) continue;
    const latin = /^[\x20-\x7e]+$/.test(needle);
    for (let from = 0; ; ) {
      const index = lower.indexOf(needle, from);
      if (index < 0) break;
      from = index + 1;
      // Latin terms match whole words only ("best" is not in "bestow").
      if (latin && /[a-z0-9]/.test(needle[0]!) && isWordChar(text[index - 1])) continue;
      if (latin && /[a-z0-9]/.test(needle[needle.length - 1]!) && isWordChar(text[index + needle.length])) continue;
      const excepted = t.except?.some((e) => {
        const at = lower.indexOf(e.toLowerCase(), Math.max(0, index - e.length));
        return at >= 0 && at <= index && at + e.length >= index + needle.length;
      });
      if (excepted) continue;
      hits.push({
        term: t.term,
        severity: t.severity,
        category: t.category,
        index,
        length: needle.length,
        ...lineAndColumn(text, index),
        ...(t.suggestion ? { suggestion: t.suggestion } : {}),
      });
    }
  }
  hits.sort((a, b) => a.index - b.index || b.length - a.length);
  return hits.filter((h, i) => !hits.slice(0, i).some((o) => o.index <= h.index && o.index + o.length >= h.index + h.length));
}

export function worstSeverity(hits: readonly LintHit[]): LintSeverity | null {
  if (hits.some((h) => h.severity === 'block')) return 'block';
  return hits.length > 0 ? 'warn' : null;
}
