import { useEffect, useState } from 'react';

/**
 * Whether the stage should draw. A hidden stage (minimised, another tab, covered and reported
 * hidden) stops drawing to spare the machine, but keeps speaking: the audio, the playout reports
 * and the caption timers do not depend on frames. A stage being captured (`?capture=1` or the
 * "keep drawing when hidden" setting, for OBS window capture) always draws.
 */
export function shouldDraw(visibility: DocumentVisibilityState, capture: boolean): boolean {
  return capture || visibility !== 'hidden';
}

/** The R3F frame loop for the page's visibility: 'always' while drawing, 'never' when paused. */
export function useFrameloop(capture: boolean): 'always' | 'never' {
  const [visibility, setVisibility] = useState<DocumentVisibilityState>(() => document.visibilityState);
  useEffect(() => {
    const onChange = (): void => setVisibility(document.visibilityState);
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return shouldDraw(visibility, capture) ? 'always' : 'never';
}
