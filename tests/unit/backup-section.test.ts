import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { initI18n } from '../../renderer/i18n';
import { BackupSection } from '../../renderer/studio/store/BackupSection';

describe('BackupSection (rendered without a host)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says what a backup holds, offers download and restore, and says what to do when there are no backups — in both languages, no missing key', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await initI18n('zh-CN');
    for (const [locale, words] of [
      ['zh-CN', ['备份包含整个店铺', '下载备份', '从文件恢复', '还没有备份']],
      ['en-US', ['A backup holds the whole store', 'Download a backup', 'Restore from a file', 'No backups yet']],
    ] as const) {
      await i18next.changeLanguage(locale);
      const html = renderToStaticMarkup(createElement(BackupSection));
      for (const w of words) expect(html, `${locale}: ${w}`).toContain(w);
      expect(html).toContain('data-testid="backup-download"');
      expect(html).toContain('data-testid="restore-file"');
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).startsWith('i18n: missing key'))).toEqual([]);
  });
});
