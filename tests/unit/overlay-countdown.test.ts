import { describe, expect, it } from 'vitest';
import { countdownAtLineStart, countdownEndsAt, formatCountdown, parseCountdownCue } from '../../shared/overlay';

describe('countdown cues for time-limited offers', () => {
  it('reads durations and end times, and refuses nonsense', () => {
    expect(parseCountdownCue('countdown 10:00')).toEqual({ kind: 'for', durationMs: 600_000 });
    expect(parseCountdownCue('countdown 1:30:00')).toEqual({ kind: 'for', durationMs: 5_400_000 });
    expect(parseCountdownCue('Countdown 15m')).toEqual({ kind: 'for', durationMs: 900_000 });
    expect(parseCountdownCue('offer-ends 21:00')).toEqual({ kind: 'until', hour: 21, minute: 0 });
    expect(parseCountdownCue('countdown:off')).toEqual({ kind: 'off' });
    expect(parseCountdownCue('countdown 10:75')).toBeNull();
    expect(parseCountdownCue('offer-ends 25:00')).toBeNull();
    expect(parseCountdownCue('countdown 0:00')).toBeNull();
    expect(parseCountdownCue('countdown 30:00:00')).toBeNull();
    expect(parseCountdownCue('wave')).toBeNull();
  });

  it('ends at a local time today, or tomorrow once it has passed', () => {
    const at = (h: number, m: number, day = 10): number => new Date(2026, 10, day, h, m, 0, 0).getTime();
    expect(countdownEndsAt({ kind: 'until', hour: 21, minute: 0 }, at(20, 15))).toBe(at(21, 0));
    expect(countdownEndsAt({ kind: 'until', hour: 21, minute: 0 }, at(21, 5))).toBe(at(21, 0, 11));
    expect(countdownEndsAt({ kind: 'for', durationMs: 60_000 }, 1_000)).toBe(61_000);
  });

  it('belongs to the card: set by the cue, kept for the same product, gone with the card or on :off', () => {
    const start = countdownAtLineStart(null, 'p1', ['wave', 'countdown 10:00'], 1_000);
    expect(start).toEqual({ productId: 'p1', endsAt: 601_000 });
    // The next line of the same product: still counting to the same instant.
    expect(countdownAtLineStart(start, 'p1', [], 5_000)).toBe(start);
    // Another product's card: its own offer, not this one.
    expect(countdownAtLineStart(start, 'p2', [], 5_000)).toBeNull();
    expect(countdownAtLineStart(start, null, [], 5_000)).toBeNull();
    expect(countdownAtLineStart(start, 'p1', ['countdown:off'], 5_000)).toBeNull();
  });

  it('reads as mm:ss under an hour and h:mm:ss above, never negative', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5_000)).toBe('00:00');
  });
});
