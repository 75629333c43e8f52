import { z } from 'zod';
import { StageSettingsSchema } from './stage-settings';
import { LintSettingsSchema } from './lint';

/** Locales the product ships in. The studio, the seeds and the speech defaults follow it. */
export const LocaleSchema = z.enum(['zh-CN', 'en-US']);
export type Locale = z.infer<typeof LocaleSchema>;

export const IdSchema = z.string().min(1).max(64);

export const ProductSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** Price in the store's currency, as a decimal number (e.g. 199 or 19.99). */
  price: z.number().nonnegative(),
  originalPrice: z.number().nonnegative().nullable(),
  currency: z.string().min(1).max(8),
  sellingPoints: z.array(z.string().min(1).max(200)).max(20),
  stock: z.number().int().nonnegative().nullable(),
  link: z.string().max(2000).nullable(),
  image: z.string().max(2000).nullable(),
  tags: z.array(z.string().min(1).max(40)).max(20),
  /**
   * When a time-limited offer on the product ends: an ISO 8601 date-time with its offset or `Z`
   * (e.g. "2026-11-11T21:00:00+08:00"), or null / absent for no offer. While the product's card is up
   * and this instant is in the future, the card counts down to it. Absent in files written before it existed.
   */
  offerEndsAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type Product = z.infer<typeof ProductSchema>;

export const ScriptKindSchema = z.enum(['welcome', 'follow', 'sales', 'promo', 'closing', 'idle']);
export type ScriptKind = z.infer<typeof ScriptKindSchema>;

/** The host's mood while a script airs: how much it smiles, lifts the brows and moves. */
export const ScriptEmotionSchema = z.enum(['neutral', 'smile', 'excited']);
export type ScriptEmotion = z.infer<typeof ScriptEmotionSchema>;

export const ScriptSchema = z.object({
  id: IdSchema,
  title: z.string().min(1).max(200),
  kind: ScriptKindSchema,
  /** The product this script sells; null for general scripts (welcome, follow reminder…). */
  productId: IdSchema.nullable(),
  /** Script text: may hold {{variables}}, {a|b} variants, [cues] and [pause 800]. */
  body: z.string().min(1).max(20000),
  tags: z.array(z.string().min(1).max(40)).max(20),
  /**
   * The mood of every line of the script; an `[excited]`/`[smile]`/`[neutral]` cue in a line still
   * wins for that line. Absent (files written before it existed): the stage's default, a friendly
   * smile, with cues carried over the lines of the same product.
   */
  emotion: ScriptEmotionSchema.optional(),
});
export type Script = z.infer<typeof ScriptSchema>;

/** Relative weight of an item when the playlist shuffles (default 1). */
const WeightSchema = z.number().positive().max(100).optional();

/** A script, played as written. */
export const ScriptItemSchema = z.object({ type: z.literal('script'), scriptId: IdSchema, weight: WeightSchema });
/** A product: each time the item comes up, the next of the product's scripts (rotating). */
export const ProductItemSchema = z.object({ type: z.literal('product'), productId: IdSchema, weight: WeightSchema });
/** A tag: any script carrying the tag (not one aired within the playlist's no-repeat window, when others exist). */
export const TagItemSchema = z.object({ type: z.literal('tag'), tag: z.string().min(1).max(40), weight: WeightSchema });

export const PlaylistItemSchema = z.discriminatedUnion('type', [ScriptItemSchema, ProductItemSchema, TagItemSchema]);
export type PlaylistItem = z.infer<typeof PlaylistItemSchema>;

/** What a rule or an insert says: a script, any script with a tag, or typed text (may hold {{time}}). */
export const RuleSourceSchema = z.union([
  z.object({ scriptId: IdSchema }).strict(),
  z.object({ tag: z.string().min(1).max(40) }).strict(),
  z.object({ text: z.string().min(1).max(2000) }).strict(),
]);
export type RuleSource = z.infer<typeof RuleSourceSchema>;

/**
 * Rules attached to a plan or a playlist, aired as inserts between lines of the rundown:
 * - interval: every minMinutes…maxMinutes (randomised), e.g. a follow reminder;
 * - clock: at every full hour (or every `everyMinutes` past midnight), a line that may say {{time}};
 * - welcome: once, right after a block starts.
 */
export const PlayoutRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    id: IdSchema,
    kind: z.literal('interval'),
    minMinutes: z.number().min(1).max(1440),
    maxMinutes: z.number().min(1).max(1440),
    source: RuleSourceSchema,
  }),
  z.object({ id: IdSchema, kind: z.literal('clock'), everyMinutes: z.number().int().min(15).max(1440).optional(), source: RuleSourceSchema }),
  z.object({ id: IdSchema, kind: z.literal('welcome'), source: RuleSourceSchema }),
]);
export type PlayoutRule = z.infer<typeof PlayoutRuleSchema>;

export const PlaylistSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  items: z.array(PlaylistItemSchema).max(5000),
  loop: z.boolean(),
  shuffle: z.boolean(),
  /** When shuffling (and for tag items): a script is not repeated within this many scripts while others are available. Default 3. */
  noRepeatWindow: z.number().int().min(0).max(100).optional(),
  rules: z.array(PlayoutRuleSchema).max(50).optional(),
});
export type Playlist = z.infer<typeof PlaylistSchema>;

/** "HH:MM" in 24-hour time; "24:00" is allowed as the end of a day. */
export const ClockTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');

export const PlanBlockSchema = z.object({
  id: IdSchema,
  start: ClockTimeSchema,
  end: ClockTimeSchema,
  playlistId: IdSchema,
  /** soft: starts at the end of the current line; hard: cuts at the second. */
  startMode: z.enum(['soft', 'hard']),
});
export type PlanBlock = z.infer<typeof PlanBlockSchema>;

export const WeekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof WeekdaySchema>;
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** "YYYY-MM-DD" (a local date in the plan's time zone). */
export const PlanDateSchema = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'expected YYYY-MM-DD');

/** A dated day plan that replaces the weekday's day plan on that date (e.g. an 11-11 all-day promo). */
export const PlanOverrideSchema = z.object({
  date: PlanDateSchema,
  name: z.string().max(200).optional(),
  blocks: z.array(PlanBlockSchema).max(200),
});
export type PlanOverride = z.infer<typeof PlanOverrideSchema>;

/** What fills the time no block covers: the idle playlist, or nothing (off air, the stage shows no speech). */
export const GapPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off-air') }),
  z.object({ mode: z.literal('idle'), playlistId: IdSchema }),
]);
export type GapPolicy = z.infer<typeof GapPolicySchema>;

export const PlanSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1).max(64),
  days: z.record(WeekdaySchema, z.array(PlanBlockSchema)),
  overrides: z.array(PlanOverrideSchema).max(400).optional(),
  /** Default: off air. */
  gap: GapPolicySchema.optional(),
  rules: z.array(PlayoutRuleSchema).max(50).optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** The system's time zone, the default for a new plan. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const SpeechSettingsSchema = z.object({
  engine: z.string().min(1).max(32),
  voice: z.string().max(128).nullable(),
  /** Relative speaking rate, 1 = normal. */
  rate: z.number().min(0.5).max(2),
  /** Relative pitch, 1 = normal. */
  pitch: z.number().min(0.5).max(2),
});
export type SpeechSettings = z.infer<typeof SpeechSettingsSchema>;

export const SettingsSchema = z.object({
  locale: LocaleSchema,
  speech: SpeechSettingsSchema,
  /** Silence between two lines on air, in milliseconds. */
  lineGapMs: z.number().int().min(0).max(10000),
  aiLabel: z.object({ enabled: z.boolean(), text: z.string().min(1).max(80) }),
  /** Absent in files written before stage settings existed: the defaults then. */
  stage: StageSettingsSchema.default(() => StageSettingsSchema.parse({})),
  /** The merchant's banned-word list edits; absent in older files: none. */
  lint: LintSettingsSchema.default(() => LintSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** `notice`: not a line but something the log must show, e.g. the AI label turned off by the operator. */
export const AsRunOutcomeSchema = z.enum(['on-air', 'aired', 'skipped', 'interrupted', 'failed', 'timeout', 'notice']);
export type AsRunOutcome = z.infer<typeof AsRunOutcomeSchema>;

export const AsRunEntrySchema = z.object({
  id: z.number().int(),
  lineId: z.string(),
  /** Epoch milliseconds. */
  plannedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  blockId: z.string().nullable(),
  playlistId: z.string().nullable(),
  scriptId: z.string().nullable(),
  text: z.string(),
  engine: z.string(),
  voice: z.string().nullable(),
  cacheHit: z.boolean(),
  outcome: AsRunOutcomeSchema,
  note: z.string().nullable(),
});
export type AsRunEntry = z.infer<typeof AsRunEntrySchema>;

/** Everything the studio needs to draw the library. */
export const LibrarySnapshotSchema = z.object({
  products: z.array(ProductSchema),
  scripts: z.array(ScriptSchema),
  playlists: z.array(PlaylistSchema),
  plan: PlanSchema.nullable(),
  settings: SettingsSchema,
});
export type LibrarySnapshot = z.infer<typeof LibrarySnapshotSchema>;

/**
 * What the playout persists (in the library's meta table) so that after a restart or crash it can
 * resume where it was: on air or not, and the position in the rundown.
 */
export const PlayoutResumeStateSchema = z.object({
  onAir: z.boolean(),
  blockId: z.string().nullable(),
  playlistId: z.string().nullable(),
  /** Index of the current item (script) in the playlist's items. */
  scriptPosition: z.number().int().nonnegative().nullable(),
  /** The script at that position when the state was written (to notice edited playlists). */
  scriptId: z.string().nullable(),
  /** Index of the current line within the resolved script. */
  lineIndex: z.number().int().nonnegative().nullable(),
  /** Epoch ms when this state was written. */
  updatedAt: z.number(),
  /** The plan slot (block + the date it started) the position belongs to. */
  slot: z.string().max(200).nullable().optional(),
  /** Paused by the operator (on air, but no new lines until resumed). */
  paused: z.boolean().optional(),
  /** Recently aired rundown scripts, newest last (for the no-repeat window across restarts). */
  recent: z.array(z.string()).max(100).optional(),
  /** Per product: how many of its scripts have been aired (rotation). */
  rotation: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Per interval rule: when it is next due (epoch ms), so a restart keeps the planned time. */
  intervalDue: z.record(z.string(), z.number()).optional(),
  /** The block occurrence (slot) already welcomed, so a restart in it does not welcome again. */
  welcomedSlot: z.string().max(200).nullable().optional(),
  /** Epoch ms of the last clock call made (or passed over). */
  lastClockCall: z.number().optional(),
});
export type PlayoutResumeState = z.infer<typeof PlayoutResumeStateSchema>;
