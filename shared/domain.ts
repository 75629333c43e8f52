import { z } from 'zod';

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
});
export type Product = z.infer<typeof ProductSchema>;

export const ScriptKindSchema = z.enum(['welcome', 'follow', 'sales', 'promo', 'closing', 'idle']);
export type ScriptKind = z.infer<typeof ScriptKindSchema>;

export const ScriptSchema = z.object({
  id: IdSchema,
  title: z.string().min(1).max(200),
  kind: ScriptKindSchema,
  /** The product this script sells; null for general scripts (welcome, follow reminder…). */
  productId: IdSchema.nullable(),
  /** Script text: may hold {{variables}}, {a|b} variants, [cues] and [pause 800]. */
  body: z.string().min(1).max(20000),
  tags: z.array(z.string().min(1).max(40)).max(20),
});
export type Script = z.infer<typeof ScriptSchema>;

export const PlaylistItemSchema = z.object({
  type: z.literal('script'),
  scriptId: IdSchema,
});
export type PlaylistItem = z.infer<typeof PlaylistItemSchema>;

export const PlaylistSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  items: z.array(PlaylistItemSchema).max(5000),
  loop: z.boolean(),
  shuffle: z.boolean(),
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

export const PlanSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** IANA time zone, e.g. Asia/Shanghai. */
  timeZone: z.string().min(1).max(64),
  days: z.record(WeekdaySchema, z.array(PlanBlockSchema)),
});
export type Plan = z.infer<typeof PlanSchema>;

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
});
export type Settings = z.infer<typeof SettingsSchema>;

export const AsRunOutcomeSchema = z.enum(['on-air', 'aired', 'skipped', 'interrupted', 'failed', 'timeout']);
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
});
export type PlayoutResumeState = z.infer<typeof PlayoutResumeStateSchema>;
