import { z } from 'zod';
import { AsRunEntrySchema, IdSchema, LibrarySnapshotSchema, LocaleSchema, PlanSchema, ProductSchema, RuleSourceSchema, ScriptEmotionSchema, ScriptSchema, SettingsSchema, SpeechSettingsSchema } from './domain';
import { ImportApplyResultSchema, ImportInputSchema, ImportPreviewSchema } from './import';
import { PlanProblemSchema } from './plan-check';
import { StageSettingsPatchSchema } from './stage-settings';
import { LintSettingsPatchSchema } from './lint';
import { TimingTrackSchema } from './timing';
import type { EventSpecs, MethodSpecs } from './api-spec';
import { AvatarEvents, AvatarMethods } from './api-avatars';
import { LiveEvents, LiveMethods } from './api-live';
import { PlanningEvents, PlanningMethods } from './api-planning';
import { SpeechStudioEvents, SpeechStudioMethods } from './api-speech-studio';
import { StageEvents, StageMethods } from './api-stage';
import { StoreEvents, StoreMethods } from './api-store';

/**
 * The host API contract: every request, reply and event between the renderer (studio, stage) and
 * the host, whichever transport carries it (Electron IPC or the browser-mode WebSocket).
 * The host validates every incoming message against these schemas.
 */

export const NowPlayingSchema = z.object({
  lineId: z.string(),
  text: z.string(),
  scriptId: z.string().nullable(),
  scriptTitle: z.string().nullable(),
  productId: z.string().nullable(),
  playlistId: z.string().nullable(),
  blockId: z.string().nullable(),
  startedAt: z.number().nullable(),
  durationMs: z.number(),
});
export type NowPlaying = z.infer<typeof NowPlayingSchema>;

export const PlayoutStatusSchema = z.enum(['off-air', 'starting', 'on-air', 'stopping']);
export type PlayoutStatus = z.infer<typeof PlayoutStatusSchema>;

export const PlayoutStateSchema = z.object({
  status: PlayoutStatusSchema,
  /** Epoch ms of the last status change. */
  since: z.number(),
  current: NowPlayingSchema.nullable(),
  next: z.array(z.object({ lineId: z.string(), text: z.string(), ready: z.boolean() })),
  /** True while no program stage is attached: lines wait until one is. */
  waitingForStage: z.boolean(),
  /** A problem the merchant should see (localisable key + detail), or null. */
  problem: z.object({ code: z.string(), detail: z.string() }).nullable(),
  /** Paused by the operator: on air, but no new lines until resumed. */
  paused: z.boolean().optional(),
  /** Operator inserts waiting for the next line boundary. */
  pendingInserts: z.number().int().nonnegative().optional(),
});
export type PlayoutState = z.infer<typeof PlayoutStateSchema>;

export const StageRoleSchema = z.enum(['program', 'preview']);
export type StageRole = z.infer<typeof StageRoleSchema>;

/** At most this many cue offsets travel with a line (`StageCue.cueAt`). */
export const STAGE_CUE_MAX_CUES = 200;

/** What the host tells a stage to play: one utterance with its tracks and cues. */
export const StageCueSchema = z.object({
  lineId: z.string(),
  text: z.string(),
  /** Opaque id of the audio; the bridge turns it into a URL for its transport. */
  audioId: z.string().regex(/^[a-f0-9]{16,64}$/),
  durationMs: z.number().nonnegative(),
  track: TimingTrackSchema,
  /** Stage cues from the script, e.g. "wave", "card:on". */
  cues: z.array(z.string()),
  /**
   * Parallel to `cues`: where in `text` (character offset) each cue was written, so that a gesture
   * starts at that word (shared/cue-timing.ts). Absent: every cue belongs to the line's start.
   */
  cueAt: z.array(z.number().int().nonnegative()).max(STAGE_CUE_MAX_CUES).optional(),
  productId: z.string().nullable(),
  /** The script's emotion (the host's mood for the line); absent: the stage's default. A cue in the line wins. */
  emotion: ScriptEmotionSchema.optional(),
  /**
   * Face blend-shape frames from engines that give them (Azure FacialExpression: 55 values a frame,
   * 60 fps, shared/blend-shapes.ts), from the line's first sample; the stage applies them instead
   * of the viseme-derived mouth, brows and blink. Bounded: at most 10 minutes of frames.
   */
  blendShapes: z
    .object({
      fps: z.number().positive().max(240),
      frames: z.array(z.array(z.number()).max(64)).max(36_000),
    })
    .optional(),
});
export type StageCue = z.infer<typeof StageCueSchema>;

export const StageReportSchema = z.object({
  stageId: z.string(),
  lineId: z.string(),
  kind: z.enum(['started', 'ended', 'failed']),
  detail: z.string().max(2000).optional(),
});
export type StageReport = z.infer<typeof StageReportSchema>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const EngineHealthSchema = z.object({
  id: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  consecutiveFailures: z.number(),
  totalFailures: z.number(),
  successes: z.number(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  retryAt: z.number().nullable(),
  billedCharacters: z.number(),
  renders: z.number(),
});

export const SpeechHealthSchema = z.object({
  engines: z.array(EngineHealthSchema),
  billedCharacters: z.number(),
  fallbacks: z.object({ engine: z.number(), cachedText: z.number() }),
  cache: z.object({ entries: z.number(), bytes: z.number(), maxBytes: z.number() }),
});
export type SpeechHealth = z.infer<typeof SpeechHealthSchema>;

/** What the studio may know about the Azure credentials: never the key itself. */
export const AzureStatusSchema = z.object({
  configured: z.boolean(),
  region: z.string().nullable(),
  /** Where the key is kept: the OS keychain (app) or an encrypted file (browser mode). */
  storage: z.enum(['os-keychain', 'encrypted-file']),
});
export type AzureStatus = z.infer<typeof AzureStatusSchema>;

export const SettingsPatchSchema = z
  .object({
    locale: LocaleSchema.optional(),
    speech: SpeechSettingsSchema.partial().strict().optional(),
    lineGapMs: z.number().int().min(0).max(10000).optional(),
    aiLabel: z.object({ enabled: z.boolean(), text: z.string().min(1).max(80) }).partial().strict().optional(),
    stage: StageSettingsPatchSchema.optional(),
    lint: LintSettingsPatchSchema.optional(),
  })
  .strict();

/** Things the merchant must be told once the studio opens (e.g. the library file was damaged and set aside). */
export const HostNoticeSchema = z.object({
  code: z.enum(['library-recovered', 'seeds-failed']),
  /** Where: the backup's path, or the seed file and what was wrong. */
  detail: z.string(),
});
export type HostNotice = z.infer<typeof HostNoticeSchema>;

const CoreMethods = {
  'host.notices': { params: Empty, result: z.array(HostNoticeSchema) },
  'library.snapshot': { params: Empty, result: LibrarySnapshotSchema },
  'playout.goLive': { params: Empty, result: PlayoutStateSchema },
  'playout.stop': { params: Empty, result: PlayoutStateSchema },
  'playout.state': { params: Empty, result: PlayoutStateSchema },
  'asrun.tail': {
    params: z.object({ limit: z.number().int().min(1).max(1000) }).strict(),
    result: z.array(AsRunEntrySchema),
  },
  'stage.attach': {
    params: z.object({ role: StageRoleSchema }).strict(),
    result: z.object({ stageId: z.string() }),
  },
  'stage.report': { params: StageReportSchema.strict(), result: Ok },
  /** Operator insert: typed text (may hold {{time}}), a script, or any script with a tag; at the next line boundary (default) or now. */
  'playout.insert': {
    params: z.object({ source: RuleSourceSchema, at: z.enum(['boundary', 'now']).optional() }).strict(),
    result: z.object({ ok: z.boolean(), lines: z.number().int().nonnegative(), problem: z.string().nullable() }),
  },
  /** Skip the line on air, or the rest of its script. */
  'playout.skip': { params: z.object({ what: z.enum(['line', 'script']) }).strict(), result: PlayoutStateSchema },
  /** Pause after the line on air (default) or now (the cut line airs again on resume). */
  'playout.pause': { params: z.object({ at: z.enum(['boundary', 'now']).optional() }).strict(), result: PlayoutStateSchema },
  'playout.resume': { params: Empty, result: PlayoutStateSchema },
  /** Silence now and off air; stays off air after a restart. */
  'playout.emergencyStop': { params: Empty, result: PlayoutStateSchema },
  /** Problems of the active plan (or of the given one): what and where. The rest of the plan still airs. */
  'plan.check': { params: z.object({ plan: PlanSchema.optional() }).strict(), result: z.array(PlanProblemSchema) },
  /** The as-run log between two instants (epoch ms, by planned start) as CSV text (UTF-8, with a header row). */
  'speech.health': { params: Empty, result: SpeechHealthSchema },
  'speech.azureStatus': { params: Empty, result: AzureStatusSchema },
  'speech.setAzureCredentials': {
    params: z
      .object({
        /** null removes the key. */
        key: z.string().trim().min(1).max(256).nullable(),
        region: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, 'a region such as eastasia'),
      })
      .strict(),
    result: AzureStatusSchema,
  },
  'settings.update': { params: z.object({ patch: SettingsPatchSchema }).strict(), result: SettingsSchema },
  'asrun.exportCsv': {
    params: z.object({ from: z.number().optional(), to: z.number().optional() }).strict(),
    result: z.object({ csv: z.string(), rows: z.number().int().nonnegative() }),
  },
  /** Create or replace a product (by id). Broadcasts `library.changed`. */
  'library.upsertProduct': { params: z.object({ product: ProductSchema }).strict(), result: ProductSchema },
  /** Delete a product; its scripts stay, as general scripts. Broadcasts `library.changed`. */
  'library.deleteProduct': { params: z.object({ id: IdSchema }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Create or replace a script (by id); its product must exist. Broadcasts `library.changed`. */
  'library.upsertScript': { params: z.object({ script: ScriptSchema }).strict(), result: ScriptSchema },
  /** Delete a script (also from every playlist). Broadcasts `library.changed`. */
  'library.deleteScript': { params: z.object({ id: IdSchema }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** The whole store (products, scripts, playlists, plans, settings; no secrets) as a JSON store bundle (text), for a download. */
  'library.exportBundle': { params: Empty, result: z.object({ json: z.string(), fileName: z.string() }) },
  /** Reads an import file (CSV or .xlsx of products, or a JSON store bundle) and lists its rows and errors (each with a code for the studio's languages); saves nothing. */
  'library.importPreview': { params: ImportInputSchema, result: ImportPreviewSchema },
  /** Saves the file in one transaction, only when it has no errors (else `applied: false`, nothing saved). */
  'library.importApply': { params: ImportInputSchema, result: ImportApplyResultSchema },
} as const satisfies MethodSpecs;

/** Every method: the core ones above and each area's group (shared/api-*.ts). */
export const HostMethods = {
  ...CoreMethods,
  ...PlanningMethods,
  ...StoreMethods,
  ...SpeechStudioMethods,
  ...AvatarMethods,
  ...StageMethods,
  ...LiveMethods,
} as const;

export type HostMethod = keyof typeof HostMethods;
/** The methods of createHost's own table (the groups are implemented in main/host/methods/). */
export type CoreMethod = keyof typeof CoreMethods;
export type MethodParams<M extends HostMethod> = z.input<(typeof HostMethods)[M]['params']>;
export type MethodResult<M extends HostMethod> = z.output<(typeof HostMethods)[M]['result']>;

const CoreEvents = {
  'playout.state': PlayoutStateSchema,
  'asrun.changed': AsRunEntrySchema,
  /** Sent to program and preview stages. */
  'stage.cue': StageCueSchema,
  /** Stop playing now (operator stop or emergency). */
  'stage.halt': z.object({ reason: z.string() }),
  /** Sent to the program stage when it stopped answering (watchdog): reload the page and attach again. */
  'stage.reload': z.object({ reason: z.string(), lineId: z.string() }),
  /** The library changed (an edit or an import): every studio window redraws from this snapshot. */
  'library.changed': LibrarySnapshotSchema,
} as const satisfies EventSpecs;

export const HostEvents = {
  ...CoreEvents,
  ...PlanningEvents,
  ...StoreEvents,
  ...SpeechStudioEvents,
  ...AvatarEvents,
  ...StageEvents,
  ...LiveEvents,
} as const;

export type HostEvent = keyof typeof HostEvents;
export type EventPayload<E extends HostEvent> = z.output<(typeof HostEvents)[E]>;

/** Wire envelopes, used verbatim by the WebSocket transport and as the IPC payload. */
export const RequestEnvelopeSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const HostErrorSchema = z.object({ code: z.string(), message: z.string() });
export type HostError = z.infer<typeof HostErrorSchema>;

export const ResponseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: HostErrorSchema }),
]);
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

export const EventEnvelopeSchema = z.object({
  type: z.literal('event'),
  event: z.string(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export function isHostMethod(name: string): name is HostMethod {
  return Object.prototype.hasOwnProperty.call(HostMethods, name);
}
