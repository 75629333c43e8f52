import type { EventPayload, HostEvent, StageCue } from '../../shared/api';
import type { StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

/** The program stage's caller in host-level tests. */
export const testStage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

/** Polls `check` every 25 ms until it holds; throws after `ms`. */
export async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Plays the program stage's part without audio: every cue the host sends is collected, reported
 * started 5 ms later and ended 10 ms after that, so the playout runs through its lines at once.
 * Returns the cues seen so far (the array grows as the host sends more).
 */
export function answerCuesInstantly(host: StageHost, stage: CallerContext = testStage): StageCue[] {
  const cues: StageCue[] = [];
  host.subscribe(<E extends HostEvent>(event: E, payload: EventPayload<E>) => {
    if (event !== 'stage.cue') return;
    const cue = payload as StageCue;
    cues.push(cue);
    setTimeout(() => {
      const report = (kind: 'started' | 'ended') => host.handle('stage.report', { stageId: stage.connectionId, lineId: cue.lineId, kind }, stage).catch(() => {});
      void report('started');
      setTimeout(() => void report('ended'), 10);
    }, 5);
  });
  return cues;
}
