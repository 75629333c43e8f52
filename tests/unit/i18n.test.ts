import { describe, expect, it } from 'vitest';
import { enUS } from '../../renderer/i18n/en-US';
import { messageKeys } from '../../renderer/i18n/messages';
import { zhCN } from '../../renderer/i18n/zh-CN';

describe('studio translations', () => {
  it('has every zh-CN key in en-US and no extra ones', () => {
    expect(messageKeys(enUS).sort()).toEqual(messageKeys(zhCN).sort());
  });
  it('has no empty strings and no untranslated Chinese in English', () => {
    for (const key of messageKeys(enUS)) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], enUS) as string;
      expect(value.trim(), key).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(value), key).toBe(false);
    }
  });
});
