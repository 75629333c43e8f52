import { describe, expect, it } from 'vitest';
import { SpeechError } from '../../main/speech/engine';
import { createCircuitBreaker, withRetries } from '../../main/speech/resilience';

describe('circuit breaker', () => {
  it('opens after N consecutive failures, half-opens after the cool-down, closes on a good trial', () => {
    let now = 0;
    const b = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => now });
    b.failure('a');
    b.failure('b');
    expect(b.snapshot().state).toBe('closed');
    b.success(); // a success resets the count
    for (const m of ['c', 'd', 'e']) {
      expect(b.tryAcquire()).toBe(true);
      b.failure(m);
    }
    expect(b.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3, totalFailures: 5, lastError: 'e', retryAt: 1000 });
    expect(b.tryAcquire()).toBe(false);
    now = 1000;
    expect(b.snapshot().state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one trial at a time
    b.success();
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastSuccessAt: 1000 });
  });

  it('a failed trial opens the circuit again for a full cool-down', () => {
    let now = 0;
    const b = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 500, now: () => now });
    b.failure('down');
    now = 600;
    expect(b.tryAcquire()).toBe(true);
    b.failure('still down');
    expect(b.snapshot()).toMatchObject({ state: 'open', retryAt: 1100 });
    now = 1100;
    expect(b.tryAcquire()).toBe(true);
    b.release(); // an aborted trial does not count either way
    expect(b.tryAcquire()).toBe(true);
  });
});

describe('withRetries', () => {
  it('retries retryable failures with exponential backoff', async () => {
    const stamps: number[] = [];
    const t0 = performance.now();
    let calls = 0;
    const result = await withRetries(
      async () => {
        stamps.push(performance.now() - t0);
        if (++calls < 3) throw new SpeechError('render-failed', 'HTTP 503');
        return 'ok';
      },
      { retries: 3, baseMs: 40 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(35);
    expect((stamps[2] ?? 0) - (stamps[1] ?? 0)).toBeGreaterThanOrEqual(75);
  });

  it('does not retry bad input, and gives up after the last retry', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new SpeechError('bad-input', 'bad voice');
        },
        { retries: 3, baseMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'bad-input' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new SpeechError('render-failed', 'down');
        },
        { retries: 2, baseMs: 1 },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('times out an attempt that never answers, and passes the caller abort through', async () => {
    await expect(withRetries(() => new Promise(() => undefined), { retries: 0, timeoutMs: 50 })).rejects.toMatchObject({
      code: 'render-failed',
      message: 'timed out after 50 ms',
    });
    const ac = new AbortController();
    let seen: AbortSignal | null = null;
    const pending = withRetries(
      (signal) => {
        seen = signal;
        return new Promise(() => undefined);
      },
      { retries: 5, timeoutMs: 10_000, signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect((seen as AbortSignal | null)?.aborted).toBe(true);
  });
});
