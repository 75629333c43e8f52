import type { PlayoutState, SpeechHealth } from '../../../shared/api';

/** Something on air that needs the merchant now. `key` is stable while the condition lasts (one tone per key). */
export interface LiveAlert {
  key: string;
  kind: 'stage-missing' | 'engine-open' | 'lines-failed' | 'playout-problem';
  /** Interpolation values for the alert's message. */
  params: Record<string, string | number>;
}

export interface AlertInput {
  state: PlayoutState | null;
  speech: SpeechHealth | null;
  /** Epoch ms at which the studio first saw the program stage missing while on air (null: attached or off air). */
  waitingSince: number | null;
  /** Epoch ms of lines that failed or timed out. */
  failedAt: readonly number[];
  now: number;
}

/** A stage takes a few seconds to attach after Go live or a reload: no alert before this. */
export const STAGE_GRACE_MS = 8000;
/** A failed line keeps its alert up this long. */
export const FAILED_WINDOW_MS = 120_000;

/** The alerts that hold now. Pure. */
export function activeAlerts({ state, speech, waitingSince, failedAt, now }: AlertInput): LiveAlert[] {
  const out: LiveAlert[] = [];
  const onAir = state?.status === 'on-air' || state?.status === 'starting';
  if (onAir && state?.waitingForStage && waitingSince !== null && now - waitingSince >= STAGE_GRACE_MS) {
    out.push({ key: 'stage-missing', kind: 'stage-missing', params: {} });
  }
  for (const e of speech?.engines ?? []) {
    if (e.state === 'open') out.push({ key: `engine-open:${e.id}`, kind: 'engine-open', params: { engine: e.id, error: e.lastError ?? '' } });
  }
  const recent = failedAt.filter((t) => now - t < FAILED_WINDOW_MS).length;
  if (recent > 0) out.push({ key: 'lines-failed', kind: 'lines-failed', params: { count: recent } });
  if (onAir && state?.problem) {
    out.push({ key: `problem:${state.problem.code}`, kind: 'playout-problem', params: { code: state.problem.code, detail: state.problem.detail } });
  }
  return out;
}

/** The alerts in `current` whose key was not up before: these get a tone. */
export function raisedAlerts(previousKeys: ReadonlySet<string>, current: readonly LiveAlert[]): LiveAlert[] {
  return current.filter((a) => !previousKeys.has(a.key));
}
