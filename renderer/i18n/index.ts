import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../shared/domain';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** The locale from `?lang=`, else a saved choice, else the browser's language (English → en-US, else zh-CN). */
export function initialLocale(): Locale {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  if (fromQuery === 'zh-CN' || fromQuery === 'en-US') return fromQuery;
  const saved = localStorage.getItem('stagehost.locale');
  if (saved === 'zh-CN' || saved === 'en-US') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN';
}

export async function initI18n(locale: Locale): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    interpolation: { escapeValue: false },
    returnNull: false,
    // A missing key shows loudly in tests rather than falling back silently.
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => console.error(`i18n: missing key ${key}`),
  });
  return i18next;
}

export async function setLocale(locale: Locale): Promise<void> {
  localStorage.setItem('stagehost.locale', locale);
  await i18next.changeLanguage(locale);
}
