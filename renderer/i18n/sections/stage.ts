import type { Widen } from '../messages';

/** Studio strings: The broadcast picture's settings. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const stageZh = {
  title: '直播画面',
};

export const stageEn: Widen<typeof stageZh> = {
  title: 'Stage',
};
