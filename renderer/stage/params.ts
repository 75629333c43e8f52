import type { StageRole } from '../../shared/api';
import type { Locale } from '../../shared/domain';
import type { Quality } from './quality';

/**
 * How a stage page was opened:
 * `stage.html?role=program|preview&layout=portrait|landscape&lang=zh-CN|en-US&bg=studio|green|transparent&muted=1&quality=auto|low|high`.
 */
export interface StageParams {
  role: StageRole;
  layout: 'portrait' | 'landscape';
  locale: Locale;
  /** studio: the studio backdrop; green: chroma key; transparent: alpha (for compositing). */
  background: 'studio' | 'green' | 'transparent';
  /** Play the audio silently (the mouth still follows the track), e.g. for a preview monitor. */
  muted: boolean;
  quality: Quality;
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
    background: bg === 'green' || bg === 'transparent' ? bg : 'studio',
    muted: q.get('muted') === '1' || q.get('muted') === 'true',
    quality: quality === 'low' || quality === 'high' ? quality : 'auto',
  };
}
