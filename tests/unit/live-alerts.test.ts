import { describe, expect, it } from 'vitest';
import type { PlayoutState, SpeechHealth } from '../../shared/api';
import { FAILED_WINDOW_MS, STAGE_GRACE_MS, activeAlerts, raisedAlerts } from '../../renderer/studio/live/alerts';

const onAir = (patch: Partial<PlayoutState> = {}): PlayoutState => ({
  status: 'on-air',
  since: 0,
  current: null,
  next: [],
  waitingForStage: false,
  problem: null,
  ...patch,
});
const engine = (id: string, state: 'closed' | 'open' | 'half-open', lastError: string | null = null): SpeechHealth['engines'][number] => ({
  id,
  state,
  consecutiveFailures: state === 'open' ? 3 : 0,
  totalFailures: 0,
  successes: 1,
  lastError,
  lastErrorAt: null,
  lastSuccessAt: null,
  retryAt: null,
  billedCharacters: 0,
  renders: 1,
});
const speech = (...engines: SpeechHealth['engines']): SpeechHealth => ({
  engines,
  billedCharacters: 0,
  fallbacks: { engine: 0, cachedText: 0 },
  cache: { entries: 0, bytes: 0, maxBytes: 1 },
});
const NOW = 1_000_000;
const keys = (input: Parameters<typeof activeAlerts>[0]) => activeAlerts(input).map((a) => a.key);

describe('live desk alerts', () => {
  it('is quiet when all is well, and off air', () => {
    expect(keys({ state: onAir(), speech: speech(engine('system', 'closed')), waitingSince: null, failedAt: [], now: NOW })).toEqual([]);
    expect(keys({ state: onAir({ status: 'off-air', waitingForStage: true }), speech: null, waitingSince: NOW - 60_000, failedAt: [], now: NOW })).toEqual([]);
  });

  it('raises a missing stage only after the grace period, while on air', () => {
    const state = onAir({ waitingForStage: true });
    expect(keys({ state, speech: null, waitingSince: NOW - STAGE_GRACE_MS + 1, failedAt: [], now: NOW })).toEqual([]);
    expect(keys({ state, speech: null, waitingSince: NOW - STAGE_GRACE_MS, failedAt: [], now: NOW })).toEqual(['stage-missing']);
  });

  it('raises an open engine breaker with its error, failed lines for two minutes, and a playout problem', () => {
    const alerts = activeAlerts({
      state: onAir({ problem: { code: 'empty-playlist', detail: 'block b → playlist p has no items' } }),
      speech: speech(engine('azure', 'open', 'HTTP 401'), engine('system', 'closed')),
      waitingSince: null,
      failedAt: [NOW - FAILED_WINDOW_MS, NOW - 5000, NOW - 1000],
      now: NOW,
    });
    expect(alerts).toEqual([
      { key: 'engine-open:azure', kind: 'engine-open', params: { engine: 'azure', error: 'HTTP 401' } },
      { key: 'lines-failed', kind: 'lines-failed', params: { count: 2 } },
      { key: 'problem:empty-playlist', kind: 'playout-problem', params: { code: 'empty-playlist', detail: 'block b → playlist p has no items' } },
    ]);
  });

  it('sounds once per condition: the same alerts at the next poll raise nothing, a new one does', () => {
    const first = activeAlerts({ state: onAir(), speech: speech(engine('azure', 'open')), waitingSince: null, failedAt: [], now: NOW });
    expect(raisedAlerts(new Set(), first).map((a) => a.key)).toEqual(['engine-open:azure']);
    const up = new Set(first.map((a) => a.key));
    const again = activeAlerts({ state: onAir(), speech: speech(engine('azure', 'open')), waitingSince: null, failedAt: [], now: NOW + 4000 });
    expect(raisedAlerts(up, again)).toEqual([]);
    const more = activeAlerts({ state: onAir(), speech: speech(engine('azure', 'open')), waitingSince: null, failedAt: [NOW + 7000], now: NOW + 8000 });
    expect(raisedAlerts(up, more).map((a) => a.key)).toEqual(['lines-failed']);
  });
});
