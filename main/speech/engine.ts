import type { Locale } from '../../shared/domain';
import type { SsmlPhoneme } from '../../shared/normalize';
import type { TimingTrack } from '../../shared/timing';

/** One line to render. `text` is already normalised and free of cues. */
export interface RenderRequest {
  text: string;
  locale: Locale;
  /** Engine-specific voice name; null = the engine's default voice for the locale. */
  voice: string | null;
  /** Relative rate and pitch, 1 = normal. */
  rate: number;
  pitch: number;
  /** Speaking style for engines that have them (Azure `mstts:express-as`, e.g. "cheerful"). */
  style?: string | null;
  /**
   * For engines that take SSML (`ssmlLexicon`): words left as typed in `text` and how to say them
   * (`<phoneme>` or `<sub>`), from the store's pronunciation dictionary.
   */
  lexicon?: readonly LexiconEntry[];
}

/** A word an SSML engine marks up: with a phonetic spelling or an alias. */
export interface LexiconEntry {
  word: string;
  phoneme?: SsmlPhoneme;
  sub?: string;
}

/** Face blend-shape frames (Azure FacialExpression: 55 values per frame, 60 fps), from t = 0. */
export interface BlendShapeFrames {
  fps: number;
  frames: number[][];
}

/** A rendered line: WAV audio (PCM 16-bit mono) plus its timing track. */
export interface Utterance {
  wav: Buffer;
  sampleRate: number;
  durationMs: number;
  track: TimingTrack;
  engine: string;
  voice: string | null;
  /** Only from engines that give them (azure). */
  blendShapes?: BlendShapeFrames;
}

export interface Voice {
  id: string;
  name: string;
  locale: Locale | string;
  /** Speaking styles the voice has (azure). */
  styles?: string[];
  /** Where the engine says it. */
  gender?: 'female' | 'male' | 'neutral';
}

/** A speech engine. Later engines (azure, sherpa-onnx) implement the same interface. */
export interface SpeechEngine {
  readonly id: string;
  /** Goes into the render cache key: bump it when the engine's output changes. */
  readonly version: string;
  /** Whether the engine can run on this machine now (binary present, key set…). */
  available(): Promise<boolean>;
  voices(): Promise<Voice[]>;
  /** The engine says dictionary words with SSML `phoneme`/`sub` (RenderRequest.lexicon). */
  readonly ssmlLexicon?: boolean;
  render(req: RenderRequest, signal?: AbortSignal): Promise<Utterance>;
  /**
   * Characters the service bills for this text (cloud engines); absent = free. Azure bills each
   * Chinese character as two.
   */
  billedCharacters?(text: string): number;
}

export class SpeechError extends Error {
  constructor(
    readonly code: 'engine-unavailable' | 'render-failed' | 'bad-input' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'SpeechError';
  }
}
