import type { PlayoutState } from '../../shared/api';

/** The part of Electron's `powerSaveBlocker` the app uses; injected so the decision runs in plain Node. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

/** On air for the machine: going on air, on air (paused too: the stream is still up), or stopping. */
export function keepsMachineAwake(status: PlayoutState['status']): boolean {
  return status === 'starting' || status === 'on-air' || status === 'stopping';
}

/**
 * Keeps the machine from suspending while the playout is on air, and lets it sleep again off air.
 * `update` follows each playout state and says when the stream went on or off air.
 */
export function createKeepAwake(blocker: PowerSaveBlockerLike, log: (message: string) => void = () => {}) {
  let id: number | null = null;
  let live = false;

  function release(): void {
    if (id === null) return;
    if (blocker.isStarted(id)) blocker.stop(id);
    id = null;
    log('off air: app suspension allowed again');
  }

  return {
    update(state: Pick<PlayoutState, 'status'>): 'on-air' | 'off-air' | null {
      const next = keepsMachineAwake(state.status);
      const change = next === live ? null : next ? 'on-air' : 'off-air';
      live = next;
      if (live && (id === null || !blocker.isStarted(id))) {
        // Also re-arms a blocker that was stopped behind our back.
        id = blocker.start('prevent-app-suspension');
        log('on air: app suspension blocked');
      } else if (!live) {
        release();
      }
      return change;
    },
    /** Off air for good (the app quits). */
    release(): void {
      live = false;
      release();
    },
    isLive: (): boolean => live,
    isBlocking: (): boolean => id !== null && blocker.isStarted(id),
  };
}

export type KeepAwake = ReturnType<typeof createKeepAwake>;
