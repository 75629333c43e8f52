import type { Widen } from '../messages';

/** Studio strings: Backup, restore and spreadsheets. Keys must match between the two languages (tests/unit/i18n.test.ts). */
export const storeZh = {
  title: '备份与恢复',
};

export const storeEn: Widen<typeof storeZh> = {
  title: 'Backup and restore',
};
