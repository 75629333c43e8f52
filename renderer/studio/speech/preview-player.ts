import type { ListenClip } from '../../../shared/api-speech-studio';
import type { TimingTrack } from '../../../shared/timing';
import { AudioPlayer } from '../../stage/audio-player';

/** Where a preview is: the Listen button and the end-to-end tests read it (data-state). */
export type PreviewState = 'idle' | 'loading' | 'playing' | 'done' | 'error';

export interface PreviewSnapshot {
  state: PreviewState;
  /** The line playing (or last played). */
  clip: ListenClip | null;
  error: string | null;
}

/**
 * Plays Listen clips in the studio, one after the other, on the stage's own AudioPlayer (one
 * AudioContext, the same clock the avatar follows). It is not a program or preview stage of the
 * host: nothing is attached, nothing reported, nothing goes to the as-run log.
 */
export class PreviewPlayer {
  private player: AudioPlayer | null = null;
  private snap: PreviewSnapshot = { state: 'idle', clip: null, error: null };
  private readonly listeners = new Set<() => void>();
  private run = 0;

  /** Created on first use (an AudioContext per studio page, made after a click so it may sound). */
  private audio(): AudioPlayer {
    this.player ??= new AudioPlayer();
    return this.player;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): PreviewSnapshot => this.snap;

  private set(next: Partial<PreviewSnapshot>): void {
    this.snap = { ...this.snap, ...next };
    for (const l of this.listeners) l();
  }

  /** Shows that clips are being rendered (before `play`). */
  loading(): void {
    this.run++;
    this.player?.stop();
    this.set({ state: 'loading', error: null });
  }

  fail(message: string): void {
    this.run++;
    this.player?.stop();
    this.set({ state: 'error', error: message });
  }

  /** Plays the clips in order; resolves when they ended (or were replaced or failed). */
  async play(clips: readonly ListenClip[], urlOf: (audioId: string) => string): Promise<void> {
    const run = ++this.run;
    const player = this.audio();
    await player.resume();
    for (const clip of clips) {
      if (run !== this.run) return;
      this.set({ state: 'loading', clip, error: null });
      const outcome = await new Promise<'ended' | 'error'>((resolve) => {
        void player.play(urlOf(clip.audioId), {
          onStarted: () => {
            if (run === this.run) this.set({ state: 'playing' });
          },
          onEnded: () => resolve('ended'),
          onError: (detail) => {
            if (run === this.run) this.set({ state: 'error', error: detail });
            resolve('error');
          },
        });
      });
      if (outcome === 'error') return;
    }
    if (run === this.run) this.set({ state: 'done' });
  }

  stop(): void {
    this.run++;
    this.player?.stop();
    if (this.snap.state === 'playing' || this.snap.state === 'loading') this.set({ state: 'idle' });
  }

  /** For the avatar, each frame. */
  get track(): TimingTrack | null {
    return this.player?.isPlaying ? (this.snap.clip?.track ?? null) : null;
  }
  lineTimeMs(): number | null {
    return this.player?.lineTimeMs() ?? null;
  }
  lineDurationMs(): number | null {
    return this.player?.lineDurationMs() ?? null;
  }
  level(): number {
    return this.player?.level() ?? 0;
  }

  dispose(): void {
    this.run++;
    this.player?.dispose();
    this.player = null;
    this.listeners.clear();
  }
}
