import { useEffect, useState } from 'react';
import type { PlayoutState, SpeechHealth } from '../../../shared/api';
import type { HostHealth } from '../../../shared/api-live';
import type { AsRunEntry, LibrarySnapshot } from '../../../shared/domain';
import type { PlanProblem } from '../../../shared/plan-check';
import { getBridge } from '../../bridge';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Polls a host method while connected; the figures and the last error (null once a poll succeeds). */
function usePoll<T>(call: () => Promise<T>, everyMs: number): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ value: T | null; error: string | null }>({ value: null, error: null });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = (): void => {
      call().then(
        (value) => live && setState({ value, error: null }),
        (e: unknown) => live && setState((s) => ({ value: s.value, error: errorText(e) })),
      ).finally(() => {
        if (live) timer = setTimeout(tick, everyMs);
      });
    };
    const off = getBridge().onConnection((connected) => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (connected) tick();
    });
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      off();
    };
    // `call` is a stable module-level function at every use.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [everyMs]);
  return state;
}

const callSpeechHealth = () => getBridge().call('speech.health', {});
const callHostHealth = () => getBridge().call('host.health', {});
const callAzureStatus = () => getBridge().call('speech.azureStatus', {});

/** Whether an Azure key is set (an engine without one is "not set up", not "healthy"); null until known. */
export function useAzureConfigured(everyMs = 30_000): boolean | null {
  return usePoll(callAzureStatus, everyMs).value?.configured ?? null;
}

export function useSpeechHealth(everyMs = 4000): { value: SpeechHealth | null; error: string | null } {
  return usePoll(callSpeechHealth, everyMs);
}

export function useHostHealth(everyMs = 5000): { value: HostHealth | null; error: string | null } {
  return usePoll(callHostHealth, everyMs);
}

/** The active plan's problems, checked again whenever the library changes. */
export function useActivePlanProblems(library: LibrarySnapshot | null): PlanProblem[] | null {
  const [problems, setProblems] = useState<PlanProblem[] | null>(null);
  useEffect(() => {
    if (!library) return;
    let live = true;
    getBridge()
      .call('plan.check', {})
      .then(
        (p) => live && setProblems(p),
        () => live && setProblems(null),
      );
    return () => {
      live = false;
    };
  }, [library]);
  return problems;
}

/** Epoch ms of as-run lines that failed or timed out, as they arrive (for the alerts). */
export function useFailedLines(): number[] {
  const [failed, setFailed] = useState<number[]>([]);
  useEffect(() => {
    const seen = new Set<number>();
    return getBridge().on('asrun.changed', (e: AsRunEntry) => {
      if ((e.outcome === 'failed' || e.outcome === 'timeout') && !seen.has(e.id)) {
        seen.add(e.id);
        setFailed((list) => [...list.slice(-49), Date.now()]);
      }
    });
  }, []);
  return failed;
}

/** Re-renders every `everyMs` (for progress bars and grace periods); returns the current time. */
export function useNow(everyMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs, active]);
  return now;
}

export type PlayoutStateOrNull = PlayoutState | null;
