import { describe, expect, it } from 'vitest';
import type { StageCue } from '../../shared/api';
import type { LibrarySnapshot, Product } from '../../shared/domain';
import { cardCountdownEndsAt, offerEndsAtMs } from '../../shared/overlay';
import { defaultStageSettings } from '../../shared/stage-settings';
import type { HostBridge } from '../../renderer/bridge';
import { OverlayStore } from '../../renderer/stage/overlays/overlay-store';

const NOW = Date.parse('2030-11-11T12:00:00Z');
const HOUR = 3_600_000;

describe('a product’s time-limited offer on its card', () => {
  it('reads the offer end as an instant, whatever the offset it was written with', () => {
    expect(offerEndsAtMs('2030-11-11T21:00:00+08:00')).toBe(Date.parse('2030-11-11T13:00:00Z'));
    expect(offerEndsAtMs('2030-11-11T13:00:00.000Z')).toBe(NOW + HOUR);
    expect(offerEndsAtMs(null)).toBeNull();
    expect(offerEndsAtMs(undefined)).toBeNull();
    expect(offerEndsAtMs('not a date')).toBeNull();
  });

  it('counts down to an offer ending in the future; none for a past offer or no offer; a cue’s countdown wins', () => {
    expect(cardCountdownEndsAt(null, '2030-11-11T21:00:00+08:00', NOW)).toBe(NOW + HOUR);
    expect(cardCountdownEndsAt(null, '2030-11-11T11:59:59Z', NOW)).toBeNull();
    expect(cardCountdownEndsAt(null, '2030-11-11T12:00:00Z', NOW)).toBeNull(); // ends now: over
    expect(cardCountdownEndsAt(null, null, NOW)).toBeNull();
    expect(cardCountdownEndsAt(null, undefined, NOW)).toBeNull();
    expect(cardCountdownEndsAt(NOW + 600_000, '2030-11-11T21:00:00+08:00', NOW)).toBe(NOW + 600_000);
    expect(cardCountdownEndsAt(NOW + 600_000, null, NOW)).toBe(NOW + 600_000);
  });
});

/** Just enough of a host for the overlay store: it pushes library snapshots; nothing else is called. */
function libraryBridge() {
  const listeners = new Set<(s: LibrarySnapshot) => void>();
  const bridge = {
    on: (event: string, fn: (s: LibrarySnapshot) => void) => {
      if (event === 'library.changed') listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onConnection: () => () => {},
  } as unknown as HostBridge; // the store only subscribes (on / onConnection); the rest is never used here
  return { bridge, push: (s: LibrarySnapshot) => listeners.forEach((l) => l(s)) };
}

const product = (id: string, offerEndsAt?: string | null): Product => ({
  id,
  name: id,
  price: 10,
  originalPrice: null,
  currency: 'USD',
  sellingPoints: [],
  stock: null,
  link: null,
  image: null,
  tags: [],
  ...(offerEndsAt !== undefined ? { offerEndsAt } : {}),
});
const snapshot = (products: Product[]): LibrarySnapshot => ({
  products,
  scripts: [],
  playlists: [],
  plan: null,
  settings: { locale: 'en-US', speech: { engine: 'system', voice: null, rate: 1, pitch: 1 }, lineGapMs: 400, aiLabel: { enabled: true, text: 'AI' }, stage: defaultStageSettings(), lint: { custom: [], disabled: [] } },
});
const cue = (productId: string | null, cues: string[] = []): StageCue => ({
  lineId: `l-${Math.random()}`,
  text: 'Hello',
  audioId: 'a'.repeat(16),
  durationMs: 1000,
  track: { visemes: [], words: [] } as unknown as StageCue['track'], // the store reads only track.words
  cues,
  productId,
});

describe('the stage’s card follows the product on air', () => {
  it('shows the product’s offer countdown whenever its card is up, follows edits, and lets cues still work', () => {
    let now = NOW;
    const { bridge, push } = libraryBridge();
    const store = new OverlayStore(bridge, () => {}, () => now);
    store.start();
    push(snapshot([product('mug', '2030-11-11T14:00:00Z'), product('plate'), product('bowl', '2030-11-11T11:00:00Z')]));

    store.lineStarted(cue('mug'));
    expect(store.getState().product?.id).toBe('mug');
    expect(store.getState().countdownEndsAt).toBe(NOW + 2 * HOUR);

    // A product without an offer, and one whose offer has ended: no countdown.
    store.lineStarted(cue('plate'));
    expect(store.getState().countdownEndsAt).toBeNull();
    store.lineStarted(cue('bowl'));
    expect(store.getState().countdownEndsAt).toBeNull();

    // A cue's countdown still works and wins while the card stays up.
    store.lineStarted(cue('mug', ['countdown 10:00']));
    expect(store.getState().countdownEndsAt).toBe(NOW + 600_000);
    store.lineStarted(cue('mug', ['countdown:off']));
    expect(store.getState().countdownEndsAt).toBe(NOW + 2 * HOUR);

    // The merchant moves the offer's end while the card is up: the card follows at once.
    push(snapshot([product('mug', '2030-11-11T15:00:00Z')]));
    expect(store.getState().countdownEndsAt).toBe(NOW + 3 * HOUR);
    push(snapshot([product('mug', null)]));
    expect(store.getState().countdownEndsAt).toBeNull();

    // The card goes: the countdown goes with it.
    push(snapshot([product('mug', '2030-11-11T15:00:00Z')]));
    store.lineEnded(cue('mug', ['card:off']));
    expect(store.getState().product).toBeNull();
    expect(store.getState().countdownEndsAt).toBeNull();

    // Once the offer has ended, the next line of the product shows no countdown.
    now = NOW + 4 * HOUR;
    store.lineStarted(cue('mug'));
    expect(store.getState().countdownEndsAt).toBeNull();
  });
});
