/**
 * Plays utterances through one AudioContext for the stage's whole life, and is the clock the
 * picture follows: `lineTimeMs()` is the position in the playing line on the AudioContext clock,
 * so mouth and sound cannot drift apart.
 *
 * Graph per line: AudioBufferSourceNode → bus (GainNode, unity) → AnalyserNode → output GainNode
 * (mute × program volume) → destination. The analyser (lip-sync level) and the measurement taps
 * read the signal before the volume, so a quiet or muted stage still moves the mouth.
 */

export interface PlayCallbacks {
  /** The first sample is being heard (after the scheduling lead). */
  onStarted?: () => void;
  /** The line played to its end (not called when stopped or replaced). */
  onEnded?: () => void;
  /** Fetching or decoding failed (not called when stopped or replaced meanwhile). */
  onError?: (detail: string) => void;
}

/** Scheduling lead: the source starts this long after `currentTime`, so its start is exact. */
export const START_LEAD_S = 0.06;
const FFT_SIZE = 1024;
/** Time constant of a volume change (s): about 3τ ≈ 60 ms to settle, no click. */
export const VOLUME_RAMP_S = 0.02;

/** A volume as the output gain takes it: clamped to 0..1, anything not a number is full volume. */
export function clampVolume(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

type StateListener = (state: AudioContextState) => void;

/** What the player needs from `window`; injectable for tests. */
export interface AudioPlayerEnv {
  createContext(): AudioContext;
  fetch: typeof fetch;
  /** Where to listen for the first user gesture. */
  gestureTarget: EventTarget | null;
}

function defaultEnv(): AudioPlayerEnv {
  return {
    // The default ('interactive') latency: the picture follows what is heard, so less is better.
    createContext: () => new AudioContext(),
    fetch: (input, init) => fetch(input, init),
    gestureTarget: typeof window === 'undefined' ? null : window,
  };
}

interface Playing {
  token: number;
  source: AudioBufferSourceNode;
  startTime: number;
  durationS: number;
}

export class AudioPlayer {
  readonly context: AudioContext;
  /** Where every line goes in (unity gain): the analyser and the taps listen here. */
  private readonly bus: GainNode;
  /** Mute × program volume, after the analyser. */
  private readonly output: GainNode;
  private readonly muted: boolean;
  private volumeValue = 1;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  private readonly env: AudioPlayerEnv;
  private playing: Playing | null = null;
  private token = 0;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stateListeners = new Set<StateListener>();
  private disposed = false;

  constructor(opts: { muted?: boolean; env?: AudioPlayerEnv } = {}) {
    this.env = opts.env ?? defaultEnv();
    this.context = this.env.createContext();
    this.muted = opts.muted ?? false;
    this.bus = this.context.createGain();
    this.output = this.context.createGain();
    this.output.gain.value = this.muted ? 0 : 1;
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = FFT_SIZE;
    this.analyser.smoothingTimeConstant = 0;
    this.bus.connect(this.analyser);
    this.analyser.connect(this.output);
    this.output.connect(this.context.destination);
    this.samples = new Float32Array(FFT_SIZE);
    this.context.onstatechange = () => {
      for (const l of this.stateListeners) l(this.context.state);
    };
    this.env.gestureTarget?.addEventListener('pointerdown', this.onGesture, { capture: true });
    this.env.gestureTarget?.addEventListener('keydown', this.onGesture, { capture: true });
  }

  private readonly onGesture = (): void => {
    void this.resume();
  };

  /** Resumes a suspended context (autoplay policy); safe to call any time. */
  async resume(): Promise<void> {
    if (this.disposed || this.context.state !== 'suspended') return;
    try {
      await this.context.resume();
    } catch {
      // Still suspended: the next gesture tries again.
    }
  }

  get state(): AudioContextState {
    return this.context.state;
  }

  /** Called with the context's state whenever it changes. */
  onStateChange(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Fetches, decodes and plays `url`, replacing whatever was playing. Resolves when the line is
   * scheduled (or failed); the callbacks report what happens next. A newer `play` or `stop`
   * silences this one's callbacks.
   */
  async play(url: string, callbacks: PlayCallbacks = {}): Promise<void> {
    this.stop();
    const token = ++this.token;
    const current = (): boolean => token === this.token && !this.disposed;
    let buffer: AudioBuffer;
    try {
      const response = await this.env.fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      const bytes = await response.arrayBuffer();
      if (!current()) return;
      buffer = await this.context.decodeAudioData(bytes);
    } catch (err) {
      if (current()) callbacks.onError?.(err instanceof Error ? err.message : String(err));
      return;
    }
    if (!current()) return;
    // A context left suspended by the autoplay policy would never advance: try once more.
    if (this.context.state === 'suspended') void this.resume();

    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.bus);
    const startTime = this.context.currentTime + START_LEAD_S;
    source.onended = () => {
      source.disconnect();
      if (!current() || this.playing?.source !== source) return;
      this.playing = null;
      callbacks.onEnded?.();
    };
    source.start(startTime);
    this.playing = { token, source, startTime, durationS: buffer.duration };
    this.startTimer = setTimeout(() => {
      this.startTimer = null;
      if (current()) callbacks.onStarted?.();
    }, START_LEAD_S * 1000);
  }

  /** Stops the current line (its callbacks stay silent). */
  stop(): void {
    this.token++;
    if (this.startTimer !== null) {
      clearTimeout(this.startTimer);
      this.startTimer = null;
    }
    const p = this.playing;
    this.playing = null;
    if (p) {
      p.source.onended = null;
      try {
        p.source.stop();
      } catch {
        // Already stopped.
      }
      p.source.disconnect();
    }
  }

  /** True while a line is scheduled or sounding. */
  get isPlaying(): boolean {
    return this.playing !== null;
  }

  /**
   * Position in the current line in ms on the AudioContext clock (what is being heard now, so the
   * output latency is taken off when the browser reports it); negative during the start lead;
   * null when nothing plays.
   */
  lineTimeMs(): number | null {
    const p = this.playing;
    if (!p) return null;
    const latency = Number.isFinite(this.context.outputLatency) ? this.context.outputLatency : 0;
    return (this.context.currentTime - p.startTime - latency) * 1000;
  }

  /** Token of the line playing (increases with every play), or -1: tells lines apart. */
  get lineToken(): number {
    return this.playing ? this.playing.token : -1;
  }

  /** The output latency the clock takes off (ms; 0 when the browser does not report it). */
  outputLatencyMs(): number {
    return Number.isFinite(this.context.outputLatency) ? this.context.outputLatency * 1000 : 0;
  }

  /** An extra AnalyserNode on the playback graph (before the volume), for measurements. */
  tap(fftSize: number): AnalyserNode {
    const analyser = this.context.createAnalyser();
    analyser.fftSize = fftSize;
    analyser.smoothingTimeConstant = 0;
    this.bus.connect(analyser);
    return analyser;
  }

  /** The program volume last asked for (0..1); a muted player (`?muted=1`) stays silent whatever it is. */
  get volume(): number {
    return this.volumeValue;
  }

  /**
   * Sets the program volume (0..1, clamped): the output gain glides there in tens of ms, so a
   * slider dragged during a line does not click. The lip-sync level is not affected.
   */
  setVolume(v: number): void {
    const volume = clampVolume(v);
    if (this.disposed || volume === this.volumeValue) return;
    this.volumeValue = volume;
    if (this.muted) return;
    const param = this.output.gain;
    const now = this.context.currentTime;
    param.cancelScheduledValues(now);
    param.setValueAtTime(param.value, now);
    param.setTargetAtTime(volume, now, VOLUME_RAMP_S);
  }

  /** The decoded audio of the line playing (measurement only: the frame log's reference envelope), or null. */
  lineBuffer(): AudioBuffer | null {
    return this.playing?.source.buffer ?? null;
  }

  /** Duration of the current line's audio in ms, or null. */
  lineDurationMs(): number | null {
    return this.playing ? this.playing.durationS * 1000 : null;
  }

  /** RMS of the last analyser window (0..1); 0 when nothing plays. No allocation. */
  level(): number {
    if (!this.playing) return 0;
    const buf = this.samples;
    this.analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (let i = 0; i < buf.length; i++) {
      const v = buf[i]!;
      sum += v * v;
    }
    return Math.sqrt(sum / buf.length);
  }

  /** AudioContext clock in ms. */
  clockMs(): number {
    return this.context.currentTime * 1000;
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
    this.stateListeners.clear();
    this.env.gestureTarget?.removeEventListener('pointerdown', this.onGesture, { capture: true });
    this.env.gestureTarget?.removeEventListener('keydown', this.onGesture, { capture: true });
    this.context.onstatechange = null;
    void this.context.close().catch(() => {});
  }
}
