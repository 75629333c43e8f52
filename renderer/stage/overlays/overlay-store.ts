import type { StageCue } from '../../../shared/api';
import type { LibrarySnapshot, Product } from '../../../shared/domain';
import {
  captionSegments,
  cardAtLineEnd,
  cardAtLineStart,
  cardCountdownEndsAt,
  countdownAtLineStart,
  currentWordIndex,
  type CaptionSegment,
  type CardState,
} from '../../../shared/overlay';
import { defaultStageSettings, type StageSettings } from '../../../shared/stage-settings';
import type { TimingTrack } from '../../../shared/timing';
import type { HostBridge } from '../../bridge';

/** What the overlays show (changes at line boundaries and when the library is read). */
export interface OverlayState {
  /** The product whose card is up, when the library knows it. */
  readonly product: Product | null;
  /** The caption split into timed words and the text between them. */
  readonly segments: readonly CaptionSegment[];
  /** The AI label text from the settings, or null for the locale's default. */
  readonly labelText: string | null;
  /** False only after the operator turned the label off (and confirmed it). */
  readonly labelEnabled: boolean;
  /** The store's stage settings (background, lights, ticker, logo, QR). */
  readonly stage: StageSettings;
  /**
   * A time-limited offer's end (epoch ms) on the card, from a `[countdown …]`/`[offer-ends …]` cue,
   * else from the product's `offerEndsAt` while it is in the future; or null.
   */
  readonly countdownEndsAt: number | null;
}

/**
 * The overlays' state outside React. Line boundaries come from the StageController; the current
 * word comes from the frame loop (`tick`, no allocation) and notifies only when it changes.
 */
export class OverlayStore {
  private state: OverlayState = { product: null, segments: [], labelText: null, labelEnabled: true, stage: defaultStageSettings(), countdownEndsAt: null };
  private countdown: { productId: string; endsAt: number } | null = null;
  private products = new Map<string, Product>();
  private card: CardState = null;
  private word = -1;
  private words: TimingTrack['words'] | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly wordListeners = new Set<() => void>();
  private loadGeneration = 0;

  constructor(
    private readonly bridge: HostBridge,
    private readonly log: (message: string) => void = (m) => console.warn(m),
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads products and settings from the host (again on every reconnect and on every library change). */
  start(): () => void {
    const offChanged = this.bridge.on('library.changed', (snapshot) => {
      // A newer snapshot than any load still in flight.
      this.loadGeneration++;
      this.apply(snapshot);
    });
    const offConnection = this.bridge.onConnection((connected) => {
      if (connected) this.load();
    });
    return () => {
      offChanged();
      offConnection();
    };
  }

  private apply(snapshot: LibrarySnapshot): void {
    this.products = new Map(snapshot.products.map((p) => [p.id, p]));
    const text = snapshot.settings.aiLabel.text.trim();
    this.set({
      labelText: text === '' ? null : text,
      labelEnabled: snapshot.settings.aiLabel.enabled,
      stage: snapshot.settings.stage,
    });
    // The product on the card may have changed (price, its offer end).
    this.setCard(this.card);
  }

  private load(): void {
    const generation = ++this.loadGeneration;
    this.bridge.call('library.snapshot', {}).then(
      (snapshot) => {
        if (generation !== this.loadGeneration) return;
        this.apply(snapshot);
      },
      (err: unknown) => this.log(`stage: library snapshot failed (${err instanceof Error ? err.message : String(err)})`),
    );
  }

  getState = (): OverlayState => this.state;
  getWord = (): number => this.word;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  subscribeWord = (listener: () => void): (() => void) => {
    this.wordListeners.add(listener);
    return () => this.wordListeners.delete(listener);
  };

  private set(patch: Partial<OverlayState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private setWord(word: number): void {
    if (word === this.word) return;
    this.word = word;
    for (const l of this.wordListeners) l();
  }

  private setCard(card: CardState, countdown = this.countdown): void {
    this.card = card;
    this.countdown = card === null ? null : countdown;
    const product = card === null ? null : (this.products.get(card) ?? null);
    const countdownEndsAt = product === null && this.countdown === null ? null : cardCountdownEndsAt(this.countdown?.endsAt ?? null, product?.offerEndsAt, this.now());
    if (product !== this.state.product || countdownEndsAt !== this.state.countdownEndsAt) this.set({ product, countdownEndsAt });
  }

  /** A line starts (is cued): card and caption follow it. */
  lineStarted(cue: StageCue): void {
    this.words = cue.track.words;
    this.setWord(-1);
    const card = cardAtLineStart(this.card, cue);
    this.setCard(card, countdownAtLineStart(this.countdown, card, cue.cues, this.now()));
    this.set({ segments: captionSegments(cue.text, cue.track.words) });
  }

  /** The line played to its end. */
  lineEnded(cue: StageCue): void {
    this.setCard(cardAtLineEnd(this.card, cue));
  }

  /** The caption was cleared (hold elapsed, halt, failure). */
  captionCleared(): void {
    this.words = null;
    this.setWord(-1);
    if (this.state.segments.length > 0) this.set({ segments: [] });
  }

  /** Halted: nothing on screen but the label. */
  halted(): void {
    this.setCard(null);
    this.captionCleared();
  }

  /** Per frame: the current word at the line position on the AudioContext clock. No allocation. */
  tick(lineTimeMs: number | null): void {
    const words = this.words;
    if (words === null || lineTimeMs === null) return;
    this.setWord(currentWordIndex(words, lineTimeMs, this.word));
  }
}
