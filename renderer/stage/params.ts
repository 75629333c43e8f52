import type { StageRole } from '../../shared/api';
import type { Locale } from '../../shared/domain';
import type { Quality } from './quality';

/**
 * How a stage page was opened:
 * `stage.html?role=program|preview&layout=portrait|landscape&lang=zh-CN|en-US&bg=studio|green|blue|transparent&muted=1&quality=auto|low|high&capture=1`.
 */
export interface StageParams {
  role: StageRole;
  layout: 'portrait' | 'landscape';
  locale: Locale;
  /**
   * Overrides the background of the stage settings (tests, a fixed OBS setup): studio: the studio
   * backdrop; green/blue: chroma key; transparent: alpha (for compositing). null: the settings'.
   */
  background: 'studio' | 'green' | 'blue' | 'transparent' | null;
  /** Play the audio silently (the mouth still follows the track), e.g. for a preview monitor. */
  muted: boolean;
  quality: Quality;
  /** Never pause drawing, even when the window is hidden (OBS window capture of a covered window). */
  capture: boolean;
}

/** The locale from `?lang=`, else the browser's language (Chinese → zh-CN, else en-US). */
export function pickLocale(query: string | null, navigatorLanguage: string | undefined): Locale {
  if (query === 'zh-CN' || query === 'en-US') return query;
  const lang = (navigatorLanguage ?? '').toLowerCase();
  return lang.startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function readStageParams(search: string, navigatorLanguage?: string): StageParams {
  const q = new URLSearchParams(search);
  const bg = q.get('bg');
  const quality = q.get('quality');
  return {
    role: q.get('role') === 'preview' ? 'preview' : 'program',
    layout: q.get('layout') === 'landscape' ? 'landscape' : 'portrait',
    locale: pickLocale(q.get('lang'), navigatorLanguage),
    background: bg === 'studio' || bg === 'green' || bg === 'blue' || bg === 'transparent' ? bg : null,
    muted: q.get('muted') === '1' || q.get('muted') === 'true',
    quality: quality === 'low' || quality === 'high' ? quality : 'auto',
    capture: q.get('capture') === '1' || q.get('capture') === 'true',
  };
}
