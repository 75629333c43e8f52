import type { Widen } from '../messages';

/** Studio strings: Playlists and the plan. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const planningZh = {
  title: '播放列表与排期',
};

export const planningEn: Widen<typeof planningZh> = {
  title: 'Playlists and plan',
};
