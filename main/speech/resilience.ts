import { SpeechError } from './engine';

/**
 * Failure handling around one engine: a circuit breaker (stop calling a service that keeps failing,
 * try again after a cool-down) and a call with a timeout and retries with exponential backoff.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit; default 3. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call (half-open); default 30 s. */
  coolDownMs?: number;
  now?: () => number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  totalFailures: number;
  successes: number;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  /** When an open circuit lets a trial call through (epoch ms), else null. */
  retryAt: number | null;
}

export interface CircuitBreaker {
  /** Whether a call may go through now (in half-open state: one trial at a time). */
  tryAcquire(): boolean;
  success(): void;
  failure(message: string): void;
  /** Releases a trial without counting it (e.g. the call was aborted by the caller). */
  release(): void;
  snapshot(): BreakerSnapshot;
}

export function createCircuitBreaker(options: BreakerOptions = {}): CircuitBreaker {
  const threshold = Math.max(1, options.failureThreshold ?? 3);
  const coolDown = Math.max(0, options.coolDownMs ?? 30_000);
  const now = options.now ?? Date.now;
  let openedAt: number | null = null;
  let trialInFlight = false;
  let consecutive = 0;
  let total = 0;
  let successes = 0;
  let lastError: string | null = null;
  let lastErrorAt: number | null = null;
  let lastSuccessAt: number | null = null;

  const state = (): BreakerState => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= coolDown ? 'half-open' : 'open';
  };

  return {
    tryAcquire() {
      const s = state();
      if (s === 'closed') return true;
      if (s === 'open' || trialInFlight) return false;
      trialInFlight = true;
      return true;
    },
    success() {
      trialInFlight = false;
      openedAt = null;
      consecutive = 0;
      successes++;
      lastSuccessAt = now();
    },
    failure(message) {
      const wasTrial = trialInFlight;
      trialInFlight = false;
      consecutive++;
      total++;
      lastError = message;
      lastErrorAt = now();
      if (wasTrial || consecutive >= threshold) openedAt = now();
    },
    release() {
      trialInFlight = false;
    },
    snapshot() {
      const s = state();
      return {
        state: s,
        consecutiveFailures: consecutive,
        totalFailures: total,
        successes,
        lastError,
        lastErrorAt,
        lastSuccessAt,
        retryAt: s === 'open' && openedAt !== null ? openedAt + coolDown : null,
      };
    },
  };
}

export interface RetryOptions {
  /** Extra attempts after the first; default 1. */
  retries?: number;
  /** Backoff before retry i (0-based) is baseMs · 2^i; default 250 ms. */
  baseMs?: number;
  /** Upper bound for one attempt; default 45 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called before each retry (for logs and tests). */
  onRetry?: (attempt: number, error: Error) => void;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SpeechError('aborted', 'render aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SpeechError('aborted', 'render aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Errors worth another try: not bad input, not a caller's abort, not a missing engine. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof SpeechError) return e.code === 'render-failed';
  return true;
}

/**
 * Runs `fn` with a per-attempt timeout (its signal aborts when the attempt times out or the caller
 * aborts) and retries retryable failures with exponential backoff. A timeout becomes a
 * `render-failed` SpeechError; the caller's abort an `aborted` one.
 */
export async function withRetries<T>(fn: (signal: AbortSignal) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = Math.max(0, options.retries ?? 1);
  const base = Math.max(0, options.baseMs ?? 250);
  const timeoutMs = Math.max(1, options.timeoutMs ?? 45_000);
  const outer = options.signal;
  for (let attempt = 0; ; attempt++) {
    if (outer?.aborted) throw new SpeechError('aborted', 'render aborted');
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, timeoutMs);
    const onAbort = () => ac.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      // The attempt races its own timeout, so an engine that ignores the signal cannot hang us.
      const result = await Promise.race([
        fn(ac.signal),
        new Promise<never>((_, reject) => {
          ac.signal.addEventListener('abort', () => reject(new SpeechError('aborted', 'render aborted')), { once: true });
        }),
      ]);
      return result;
    } catch (e) {
      if (outer?.aborted) throw new SpeechError('aborted', 'render aborted');
      const err = timedOut ? new SpeechError('render-failed', `timed out after ${timeoutMs} ms`) : e instanceof Error ? e : new Error(String(e));
      if (attempt >= retries || !isRetryable(err)) throw err;
      options.onRetry?.(attempt + 1, err);
      await sleep(base * 2 ** attempt, outer);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}
