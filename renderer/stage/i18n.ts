import i18next, { type i18n } from 'i18next';
import type { Locale } from '../../shared/domain';

/** The stage's own strings (kept apart from the studio's so the stage bundle stays small). */
export const stageResources = {
  'zh-CN': {
    translation: {
      aiLabel: 'AI生成 · 数字人直播',
      enableSound: '点击以启用声音',
      enableSoundHint: '浏览器在交互前不允许自动播放声音',
      cardCta: '点击下方购物车下单',
      countdown: '限时优惠 剩余 {{time}}',
      countdownOver: '限时优惠已结束',
    },
  },
  'en-US': {
    translation: {
      aiLabel: 'AI-generated host',
      enableSound: 'Click to enable sound',
      enableSoundHint: 'The browser blocks sound until you interact with the page',
      cardCta: 'Tap the cart below to order',
      countdown: 'Offer ends in {{time}}',
      countdownOver: 'This offer has ended',
    },
  },
} as const satisfies Record<Locale, { translation: Record<string, string> }>;

export type StageMessageKey = keyof (typeof stageResources)['en-US']['translation'];

/** A separate i18next instance for the stage page, initialised synchronously. */
export function createStageI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: 'en-US',
    resources: stageResources,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
