/**
 * Measurement log for `bench/lipsync.ts` (only when the stage is opened with `?framelog=1`):
 * per rendered frame {audio clock, line position, mouth-open, level, line} in a ring buffer, and per
 * line a dense audio envelope (5 ms bins, by line position) read from an AnalyserNode on the
 * playback graph. Both on the AudioContext clock. Preallocated: no allocation per frame.
 */

/** Fields per frame record. */
export const FRAME_FIELDS = 5;
const FRAME_CAPACITY = 8192;
/** Envelope bin width, ms of line position. */
export const ENV_BIN_MS = 5;
const ENV_BINS = 12000; // 60 s per line
const ENV_SLOTS = 8;
const TAP_FFT = 32768;

export interface FrameLogSource {
  readonly sampleRate: number;
  getFloatTimeDomainData(out: Float32Array<ArrayBuffer>): void;
  /** The decoded samples of the line playing (mono, or the first channel) and their rate, or null. */
  lineSamples?(): { samples: Float32Array; sampleRate: number } | null;
}

export class FrameLog {
  /** clockMs, lineTimeMs (NaN when idle), mouthOpen, level, line token (-1 when idle). */
  readonly frames = new Float64Array(FRAME_CAPACITY * FRAME_FIELDS);
  /** Frames written since the page opened. */
  count = 0;
  readonly envelope = new Float32Array(ENV_SLOTS * ENV_BINS).fill(Number.NaN);
  readonly slotToken = new Int32Array(ENV_SLOTS).fill(-1);
  /**
   * Per slot, the envelope of the line's decoded audio itself (same bins): where the analyser's
   * envelope should be if the tap's clock were exact. Computed once per line (measurement only).
   */
  private readonly reference: (Float32Array | null)[] = new Array<Float32Array | null>(ENV_SLOTS).fill(null);
  private readonly samples = new Float32Array(TAP_FFT);

  constructor(private readonly tap: FrameLogSource) {}

  static readonly fftSize = TAP_FFT;

  /** One frame. `positionMs` is the line position of the newest analysed sample (no latency taken off). */
  record(clockMs: number, lineTimeMs: number | null, mouthOpen: number, level: number, token: number, positionMs: number | null): void {
    const at = (this.count % FRAME_CAPACITY) * FRAME_FIELDS;
    const f = this.frames;
    f[at] = clockMs;
    f[at + 1] = lineTimeMs ?? Number.NaN;
    f[at + 2] = mouthOpen;
    f[at + 3] = level;
    f[at + 4] = token;
    this.count++;
    if (token < 0 || positionMs === null) return;
    this.fillEnvelope(token, positionMs);
  }

  private fillEnvelope(token: number, positionMs: number): void {
    const slot = token % ENV_SLOTS;
    const base = slot * ENV_BINS;
    if (this.slotToken[slot] !== token) {
      this.slotToken[slot] = token;
      this.envelope.fill(Number.NaN, base, base + ENV_BINS);
      this.reference[slot] = this.referenceOf(this.tap.lineSamples?.() ?? null);
    }
    const buf = this.samples;
    this.tap.getFloatTimeDomainData(buf);
    const n = buf.length;
    const perMs = this.tap.sampleRate / 1000;
    const startMs = positionMs - n / perMs;
    const firstBin = Math.max(0, Math.ceil(startMs / ENV_BIN_MS));
    const lastBin = Math.min(ENV_BINS - 1, Math.floor(positionMs / ENV_BIN_MS) - 1);
    for (let b = firstBin; b <= lastBin; b++) {
      // Samples whose line position falls in [b*BIN, (b+1)*BIN).
      const i0 = Math.max(0, Math.round(n - (positionMs - b * ENV_BIN_MS) * perMs));
      const i1 = Math.min(n, Math.round(n - (positionMs - (b + 1) * ENV_BIN_MS) * perMs));
      if (i1 <= i0) continue;
      let sum = 0;
      for (let i = i0; i < i1; i++) sum += buf[i]! * buf[i]!;
      this.envelope[base + b] = Math.sqrt(sum / (i1 - i0));
    }
  }

  private referenceOf(line: { samples: Float32Array; sampleRate: number } | null): Float32Array | null {
    if (!line) return null;
    const per = (line.sampleRate * ENV_BIN_MS) / 1000;
    const bins = Math.min(ENV_BINS, Math.floor(line.samples.length / per));
    const out = new Float32Array(bins);
    for (let b = 0; b < bins; b++) {
      const i0 = Math.round(b * per);
      const i1 = Math.round((b + 1) * per);
      let sum = 0;
      for (let i = i0; i < i1; i++) sum += line.samples[i]! * line.samples[i]!;
      out[b] = Math.sqrt(sum / Math.max(1, i1 - i0));
    }
    return out;
  }

  /** The envelope of a line's decoded audio (5 ms bins by line position), or null. */
  readReferenceEnvelope(token: number): number[] | null {
    const slot = token % ENV_SLOTS;
    if (this.slotToken[slot] !== token) return null;
    const ref = this.reference[slot];
    return ref ? Array.from(ref) : null;
  }

  /** Copies frames written since `from` (test hook / bench only). */
  readFrames(from: number): { count: number; frames: number[] } {
    const start = Math.max(from, this.count - FRAME_CAPACITY);
    const out: number[] = [];
    for (let k = start; k < this.count; k++) {
      const at = (k % FRAME_CAPACITY) * FRAME_FIELDS;
      for (let j = 0; j < FRAME_FIELDS; j++) out.push(this.frames[at + j]!);
    }
    return { count: this.count, frames: out };
  }

  /** The envelope of a line (5 ms bins, NaN where not analysed), or null once overwritten. */
  readEnvelope(token: number): number[] | null {
    const slot = token % ENV_SLOTS;
    if (this.slotToken[slot] !== token) return null;
    const base = slot * ENV_BINS;
    let end = base + ENV_BINS;
    while (end > base && Number.isNaN(this.envelope[end - 1]!)) end--;
    return Array.from(this.envelope.subarray(base, end), (v) => (Number.isNaN(v) ? -1 : v));
  }
}
