import type { HostError } from '../../shared/api';

/**
 * Envelope helpers for the preload. Deliberately free of zod and of every other dependency: the
 * preload runs sandboxed and is bundled on its own. The main process validates every envelope
 * with the zod schemas of shared/api.ts; here we only unwrap what our own main process sent.
 */

export const INVOKE_CHANNEL = 'stagehost:invoke';
export const EVENT_CHANNEL = 'stagehost:event';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function hostError(code: string, message: string): HostError {
  return { code, message };
}

export type Unwrapped = { ok: true; result: unknown } | { ok: false; error: HostError };

/** Turns a response envelope into a result or a HostError. */
export function unwrapResponse(raw: unknown, expectedId: number): Unwrapped {
  if (!isRecord(raw) || raw.type !== 'response' || raw.id !== expectedId) {
    return { ok: false, error: hostError('bad_response', 'The host sent a malformed response.') };
  }
  if (raw.ok === true) return { ok: true, result: raw.result };
  const err = raw.error;
  if (raw.ok === false && isRecord(err) && typeof err.code === 'string' && typeof err.message === 'string') {
    return { ok: false, error: hostError(err.code, err.message) };
  }
  return { ok: false, error: hostError('bad_response', 'The host sent a malformed response.') };
}

/** The event name and payload of an event envelope, or null. */
export function readEvent(raw: unknown): { event: string; payload: unknown } | null {
  if (!isRecord(raw) || raw.type !== 'event' || typeof raw.event !== 'string') return null;
  return { event: raw.event, payload: raw.payload };
}
