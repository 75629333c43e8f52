import type { Widen } from '../messages';

/** Studio strings: Readings, voices, Listen and pre-rendering. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const speechZh = {
  title: '语音',
};

export const speechEn: Widen<typeof speechZh> = {
  title: 'Speech',
};
