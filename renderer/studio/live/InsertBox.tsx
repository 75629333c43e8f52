import { Button, Input, Segmented, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot } from '../../../shared/domain';

export type InsertAt = 'boundary' | 'now';

/** Say typed text, or a script picked from the library, at the next line boundary or now. */
export function InsertBox({
  library,
  onAir,
  busy,
  text,
  onText,
  onInsertText,
  onInsertScript,
}: {
  library: LibrarySnapshot | null;
  onAir: boolean;
  busy: boolean;
  text: string;
  onText: (text: string) => void;
  onInsertText: (at: InsertAt) => void;
  onInsertScript: (scriptId: string, at: InsertAt) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'text' | 'script'>('text');
  const [scriptId, setScriptId] = useState<string | null>(null);
  const options = useMemo(
    () =>
      (library?.scripts ?? []).map((s) => {
        const product = s.productId ? library?.products.find((p) => p.id === s.productId)?.name : undefined;
        return { value: s.id, label: product ? `${s.title} · ${product}` : s.title };
      }),
    [library],
  );
  const insertScript = (at: InsertAt): void => {
    if (!scriptId) return;
    void onInsertScript(scriptId, at).then((ok) => ok && setScriptId(null));
  };

  return (
    <div data-testid="insert-box">
      <Segmented<'text' | 'script'>
        size="small"
        value={mode}
        onChange={setMode}
        style={{ marginBottom: 8 }}
        options={[
          { value: 'text', label: <span data-testid="insert-mode-text">{t('liveDesk.insertTyped')}</span> },
          { value: 'script', label: <span data-testid="insert-mode-script">{t('liveDesk.insertScript')}</span> },
        ]}
      />
      {mode === 'text' ? (
        <div data-insert-box="">
        <Space.Compact style={{ width: '100%' }}>
          <Input
            data-testid="insert-text"
            value={text}
            maxLength={500}
            placeholder={t('desk.insertPlaceholder')}
            onChange={(e) => onText(e.target.value)}
            onPressEnter={(e) => {
              // Ctrl/⌘+Enter is the shortcut (handled by the desk); plain Enter inserts next as before.
              if (e.ctrlKey || e.metaKey) return;
              if (text.trim() && onAir) onInsertText('boundary');
            }}
          />
          <Button data-testid="insert-next" type="primary" disabled={!onAir || !text.trim()} loading={busy} onClick={() => onInsertText('boundary')}>
            {t('desk.insertNext')}
          </Button>
          <Button data-testid="insert-now" disabled={!onAir || !text.trim()} loading={busy} onClick={() => onInsertText('now')}>
            {t('desk.insertNow')}
          </Button>
        </Space.Compact>
        </div>
      ) : options.length === 0 ? (
        <Typography.Text type="secondary">{t('liveDesk.noScripts')}</Typography.Text>
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Select
            data-testid="insert-script-select"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ flex: 1, minWidth: 200 }}
            placeholder={t('liveDesk.pickScript')}
            value={scriptId}
            onChange={setScriptId}
            options={options}
          />
          <Button data-testid="insert-script-next" type="primary" disabled={!onAir || !scriptId} loading={busy} onClick={() => insertScript('boundary')}>
            {t('liveDesk.insertScriptNext')}
          </Button>
          <Button data-testid="insert-script-now" disabled={!onAir || !scriptId} loading={busy} onClick={() => insertScript('now')}>
            {t('liveDesk.insertScriptNow')}
          </Button>
        </Space.Compact>
      )}
    </div>
  );
}
