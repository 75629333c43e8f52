import { useTranslation } from 'react-i18next';

/** The AI-generated disclosure: always on screen while the stage is shown. */
export function AiLabel(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="stage-ai-label" role="note" data-testid="ai-label">
      <span className="stage-ai-label__dot" aria-hidden="true" />
      {t('aiLabel')}
    </div>
  );
}

/** The current line's text. Kept mounted so it can fade. */
export function Caption({ text }: { text: string }): React.JSX.Element {
  return (
    <div className={`stage-caption${text ? ' stage-caption--on' : ''}`} aria-live="polite" data-testid="caption">
      <span className="stage-caption__text">{text}</span>
    </div>
  );
}

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
