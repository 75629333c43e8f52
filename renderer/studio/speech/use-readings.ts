import { useEffect, useState } from 'react';
import type { ReadingLine } from '../../../shared/api-speech-studio';
import { getBridge } from '../../bridge';

/**
 * The readings of resolved lines (what the voice will say, how long, billed characters), asked of
 * the host after the merchant stops typing for `delayMs`. Stale answers are dropped.
 */
export function useReadings(lines: readonly string[], delayMs = 300): { readings: ReadingLine[] | null; error: string | null } {
  const key = JSON.stringify(lines);
  const [state, setState] = useState<{ key: string; readings: ReadingLine[] | null; error: string | null }>({ key: '', readings: null, error: null });
  useEffect(() => {
    const wanted: string[] = JSON.parse(key) as string[];
    if (wanted.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      getBridge()
        .call('speech.reading', { lines: wanted.slice(0, 200).map((l) => l.slice(0, 2000)) })
        .then(
          (r) => live && setState({ key, readings: r.lines, error: null }),
          (e: unknown) => live && setState({ key, readings: null, error: e instanceof Error ? e.message : String(e) }),
        );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, delayMs]);
  if (lines.length === 0) return { readings: [], error: null };
  return state.key === key ? { readings: state.readings, error: state.error } : { readings: null, error: null };
}

/** "2.4 s" / "1 min 5 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
