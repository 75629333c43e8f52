import type { Widen } from '../messages';

/** Studio strings: Avatars. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const avatarsZh = {
  title: '数字人形象',
};

export const avatarsEn: Widen<typeof avatarsZh> = {
  title: 'Avatars',
};
