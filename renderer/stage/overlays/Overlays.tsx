import { memo, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../shared/domain';
import { formatCountdown, formatPrice, type CaptionSegment } from '../../../shared/overlay';
import type { OverlayStore } from './overlay-store';

/** The AI-generated disclosure: always on screen while the stage is shown (settings text, else the locale's). */
export function AiLabel({ text }: { text?: string | null }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="stage-ai-label" role="note" data-testid="ai-label">
      <span className="stage-ai-label__dot" aria-hidden="true" />
      {text ?? t('aiLabel')}
    </div>
  );
}

/** The words of the caption; only this re-renders when the current word changes. */
function CaptionWords({ segments, store }: { segments: readonly CaptionSegment[]; store: OverlayStore }): React.JSX.Element {
  const current = useSyncExternalStore(store.subscribeWord, store.getWord);
  return (
    <>
      {segments.map((s, i) =>
        s.word < 0 ? (
          <span key={i}>{s.text}</span>
        ) : (
          <span
            key={i}
            className={`stage-caption__word${s.word === current ? ' stage-caption__word--current' : s.word < current ? ' stage-caption__word--spoken' : ''}`}
            data-word={s.word}
          >
            {s.text}
          </span>
        ),
      )}
    </>
  );
}

/**
 * The current line's text, highlighted word by word from the word-boundary track. Kept mounted
 * so it can fade. Without a track it shows the plain text.
 */
export function Caption({ text, store }: { text: string; store?: OverlayStore }): React.JSX.Element {
  const segments = useSyncExternalStore(store?.subscribe ?? noSubscribe, () => store?.getState().segments ?? noSegments);
  const timed = store !== undefined && text !== '' && segments.some((s) => s.word >= 0);
  return (
    <div className={`stage-caption${text ? ' stage-caption--on' : ''}`} aria-live="polite" data-testid="caption">
      <span className="stage-caption__text">{timed ? <CaptionWords segments={segments} store={store} /> : text}</span>
    </div>
  );
}

const noSegments: readonly CaptionSegment[] = [];
const noSubscribe = (): (() => void) => () => {};

/** Time left of a time-limited offer, redrawn once a second (wall clock: the offer ends at a real time). */
function Countdown({ endsAt, now = Date.now }: { endsAt: number; now?: () => number }): React.JSX.Element {
  const { t } = useTranslation();
  const [remaining, setRemaining] = useState(() => endsAt - now());
  useEffect(() => {
    const update = (): void => setRemaining(endsAt - now());
    update();
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  }, [endsAt, now]);
  const over = remaining <= 0;
  return (
    <div className={`stage-card__countdown${over ? ' stage-card__countdown--over' : ''}`} data-testid="product-card-countdown">
      {over ? t('countdownOver') : t('countdown', { time: formatCountdown(remaining) })}
    </div>
  );
}

/** The product being sold: image, name, price, original price struck through, a countdown for a time-limited offer. */
export const ProductCard = memo(function ProductCard({
  product,
  locale,
  countdownEndsAt = null,
}: {
  product: Product | null;
  locale: string;
  countdownEndsAt?: number | null;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className={`stage-card${product ? ' stage-card--on' : ''}`} data-testid="product-card" aria-hidden={product ? undefined : true}>
      {product && (
        <>
          {product.image && <img className="stage-card__image" src={product.image} alt="" />}
          <div className="stage-card__body">
            <div className="stage-card__name" data-testid="product-card-name">
              {product.name}
            </div>
            <div className="stage-card__prices">
              <span className="stage-card__price" data-testid="product-card-price">
                {formatPrice(product.price, product.currency, locale)}
              </span>
              {product.originalPrice !== null && product.originalPrice > product.price && (
                <s className="stage-card__original" data-testid="product-card-original">
                  {formatPrice(product.originalPrice, product.currency, locale)}
                </s>
              )}
            </div>
            {countdownEndsAt !== null && <Countdown endsAt={countdownEndsAt} />}
            <div className="stage-card__cta">{t('cardCta')}</div>
          </div>
        </>
      )}
    </div>
  );
});

/**
 * Scrolling ticker text along the bottom of the frame. The scroll is a CSS animation (composited,
 * nothing per frame in JS); its duration follows the text's length so the speed stays readable.
 */
export const Ticker = memo(function Ticker({ text }: { text: string }): React.JSX.Element {
  const seconds = Math.max(12, Math.round(text.length * 0.45 + 8));
  return (
    <div className="stage-ticker" data-testid="ticker" role="marquee">
      <div className="stage-ticker__track" style={{ animationDuration: `${seconds}s` }}>
        <span className="stage-ticker__text">{text}</span>
        <span className="stage-ticker__text" aria-hidden="true">
          {text}
        </span>
      </div>
    </div>
  );
});

/** An imported picture in a corner of the frame (the store's logo, a QR code); hidden if it fails to load. */
export const CornerImage = memo(function CornerImage({ src, kind }: { src: string; kind: 'logo' | 'qr' }): React.JSX.Element | null {
  const [failed, setFailed] = useState<string | null>(null);
  if (failed === src) return null;
  return (
    <img
      className={`stage-corner stage-corner--${kind}`}
      src={src}
      alt=""
      data-testid={`stage-${kind}`}
      onError={() => {
        console.warn(`stage: the ${kind} image could not be loaded (${src})`);
        setFailed(src);
      }}
    />
  );
});

/** Shown only while the AudioContext is suspended (autoplay policy): any click resumes it. */
export function SoundPrompt({ onEnable }: { onEnable: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <button type="button" className="stage-sound-prompt" onClick={onEnable} data-testid="sound-prompt">
      <svg className="stage-sound-prompt__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
        <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <span className="stage-sound-prompt__title">{t('enableSound')}</span>
      <span className="stage-sound-prompt__hint">{t('enableSoundHint')}</span>
    </button>
  );
}
