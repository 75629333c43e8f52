import type { StageCue, StageReport, StageRole } from '../../shared/api';
import type { TimingTrack } from '../../shared/timing';
import type { HostBridge } from '../bridge';
import type { AudioPlayer } from './audio-player';

/**
 * The stage's conversation with the host: attaches as program or preview (again after every
 * reconnect), plays each cue through the AudioPlayer and, on the program stage only, reports
 * started / ended / failed. Holds what the overlays show (caption) and what the frame loop needs
 * (the current track). Plain TypeScript: React reads it through `subscribe`/`getState`.
 */

export type StagePhase = 'idle' | 'loading' | 'playing';

export interface StageState {
  readonly stageId: string | null;
  readonly connected: boolean;
  readonly phase: StagePhase;
  readonly lineId: string | null;
  /** The caption: the current line's text, kept briefly after it ends, then ''. */
  readonly caption: string;
  readonly linesStarted: number;
  readonly linesEnded: number;
  readonly lastError: string | null;
}

/** How long the caption stays after a line ends (the next line usually follows sooner). */
const CAPTION_HOLD_MS = 1500;
const ATTACH_RETRY_MS = 2000;

/** Told about line boundaries (the overlays follow them). */
export interface LineObserver {
  lineStarted(cue: StageCue): void;
  lineEnded(cue: StageCue): void;
  captionCleared(): void;
  halted(): void;
}

export class StageController {
  private state: StageState = {
    stageId: null,
    connected: false,
    phase: 'idle',
    lineId: null,
    caption: '',
    linesStarted: 0,
    linesEnded: 0,
    lastError: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private captionTimer: ReturnType<typeof setTimeout> | null = null;
  private attachTimer: ReturnType<typeof setTimeout> | null = null;
  private attachGeneration = 0;
  private disposed = false;
  /** The track of the line on air (read every frame; not part of the React state). */
  track: TimingTrack | null = null;
  /** The overlays (set once by the runtime). */
  observer: LineObserver | null = null;

  constructor(
    private readonly bridge: HostBridge,
    private readonly player: AudioPlayer,
    readonly role: StageRole,
    private readonly log: (message: string) => void = (m) => console.warn(m),
    private readonly reloadPage: () => void = () => location.reload(),
  ) {}

  /** Subscribes to the host (idempotent); attaches as soon as the bridge is connected. */
  start(): void {
    if (this.disposed || this.cleanups.length > 0) return;
    this.cleanups.push(
      this.bridge.on('stage.cue', (cue) => this.cue(cue)),
      this.bridge.on('stage.halt', () => this.halt()),
      // The host's watchdog gave up on a line this (program) stage never finished: start afresh.
      this.bridge.on('stage.reload', () => {
        if (this.role !== 'program') return;
        this.log('stage: the host asked for a reload (watchdog)');
        this.reloadPage();
      }),
      this.bridge.onConnection((connected) => {
        this.set({ connected });
        if (connected) this.attach();
        else {
          this.attachGeneration++;
          this.set({ stageId: null });
        }
      }),
    );
  }

  /** Unsubscribes and goes idle (start() may be called again). */
  stop(): void {
    this.attachGeneration++;
    if (this.attachTimer !== null) clearTimeout(this.attachTimer);
    this.attachTimer = null;
    for (const c of this.cleanups.splice(0)) c();
    this.halt();
  }

  getState = (): StageState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<StageState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private attach(): void {
    if (this.attachTimer !== null) clearTimeout(this.attachTimer);
    this.attachTimer = null;
    const generation = ++this.attachGeneration;
    this.bridge.call('stage.attach', { role: this.role }).then(
      ({ stageId }) => {
        if (generation !== this.attachGeneration || this.disposed) return;
        this.set({ stageId });
      },
      (err: unknown) => {
        if (generation !== this.attachGeneration || this.disposed) return;
        this.log(`stage: attach failed (${err instanceof Error ? err.message : String(err)}); retrying`);
        this.attachTimer = setTimeout(() => {
          if (this.state.connected) this.attach();
        }, ATTACH_RETRY_MS);
      },
    );
  }

  private report(lineId: string, kind: StageReport['kind'], detail?: string): void {
    const stageId = this.state.stageId;
    if (this.role !== 'program' || stageId === null) return;
    const params: StageReport = detail === undefined ? { stageId, lineId, kind } : { stageId, lineId, kind, detail: detail.slice(0, 2000) };
    this.bridge.call('stage.report', params).catch((err: unknown) => {
      this.log(`stage: report ${kind} for ${lineId} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private clearCaptionTimer(): void {
    if (this.captionTimer !== null) clearTimeout(this.captionTimer);
    this.captionTimer = null;
  }

  /** Plays a cue now, replacing any line still playing. */
  cue(cue: StageCue): void {
    if (this.disposed) return;
    this.clearCaptionTimer();
    this.track = cue.track;
    this.set({ phase: 'loading', lineId: cue.lineId, caption: cue.text, lastError: null });
    this.observer?.lineStarted(cue);
    const isCurrent = (): boolean => this.state.lineId === cue.lineId && !this.disposed;
    void this.player.play(this.bridge.mediaUrl(cue.audioId), {
      onStarted: () => {
        if (!isCurrent()) return;
        this.set({ phase: 'playing', linesStarted: this.state.linesStarted + 1 });
        this.report(cue.lineId, 'started');
      },
      onEnded: () => {
        if (!isCurrent()) return;
        this.track = null;
        this.set({ phase: 'idle', linesEnded: this.state.linesEnded + 1 });
        this.report(cue.lineId, 'ended');
        this.observer?.lineEnded(cue);
        this.holdCaption();
      },
      onError: (detail) => {
        if (!isCurrent()) return;
        this.track = null;
        this.log(`stage: line ${cue.lineId} failed: ${detail}`);
        this.set({ phase: 'idle', lastError: detail, caption: '' });
        this.observer?.captionCleared();
        this.report(cue.lineId, 'failed', `audio: ${detail}`);
      },
    });
  }

  private holdCaption(): void {
    this.clearCaptionTimer();
    this.captionTimer = setTimeout(() => {
      this.captionTimer = null;
      if (this.state.phase === 'idle') {
        this.set({ caption: '', lineId: null });
        this.observer?.captionCleared();
      }
    }, CAPTION_HOLD_MS);
  }

  /** Stops at once and goes idle. */
  halt(): void {
    this.player.stop();
    this.track = null;
    this.clearCaptionTimer();
    this.set({ phase: 'idle', lineId: null, caption: '' });
    this.observer?.halted();
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
    this.listeners.clear();
  }
}
