import { Button, Card, Input, Popconfirm, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayoutState } from '../../shared/api';
import { getBridge } from '../bridge';

/** The operator's controls while on air: say a typed line, skip, pause/resume, emergency stop. */
export function LiveDesk({ state }: { state: PlayoutState | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [toast, toastContext] = message.useMessage();
  const bridge = getBridge();
  const onAir = state?.status === 'on-air';

  async function act(fn: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      void toast.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  const insert = (at: 'boundary' | 'now'): Promise<void> =>
    act(async () => {
      const result = await bridge.call('playout.insert', { source: { text: text.trim() }, at });
      if (!result.ok) throw new Error(result.problem ?? 'insert refused');
      setText('');
      void toast.success(t('desk.inserted', { when: t(at === 'now' ? 'desk.whenNow' : 'desk.whenNext') }));
    });

  return (
    <Card
      title={t('desk.title')}
      extra={
        <Space>
          {state?.paused && <Tag color="orange">{t('desk.paused')}</Tag>}
          {(state?.pendingInserts ?? 0) > 0 && <Tag>{t('desk.pendingInserts', { count: state?.pendingInserts ?? 0 })}</Tag>}
        </Space>
      }
    >
      {toastContext}
      <Space.Compact style={{ width: '100%' }}>
        <Input
          data-testid="insert-text"
          value={text}
          maxLength={500}
          placeholder={t('desk.insertPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => text.trim() && onAir && void insert('boundary')}
        />
        <Button data-testid="insert-next" type="primary" disabled={!onAir || !text.trim()} loading={busy} onClick={() => void insert('boundary')}>
          {t('desk.insertNext')}
        </Button>
        <Button disabled={!onAir || !text.trim()} loading={busy} onClick={() => void insert('now')}>
          {t('desk.insertNow')}
        </Button>
      </Space.Compact>
      <Space wrap style={{ marginTop: 12 }}>
        <Button disabled={!onAir} onClick={() => void act(() => bridge.call('playout.skip', { what: 'line' }))}>
          {t('desk.skipLine')}
        </Button>
        <Button disabled={!onAir} onClick={() => void act(() => bridge.call('playout.skip', { what: 'script' }))}>
          {t('desk.skipScript')}
        </Button>
        {state?.paused ? (
          <Button disabled={!onAir} onClick={() => void act(() => bridge.call('playout.resume', {}))}>
            {t('desk.resume')}
          </Button>
        ) : (
          <Button disabled={!onAir} onClick={() => void act(() => bridge.call('playout.pause', {}))}>
            {t('desk.pause')}
          </Button>
        )}
        <Popconfirm
          title={t('desk.emergencyStop')}
          description={<Typography.Text style={{ maxWidth: 280, display: 'block' }}>{t('desk.emergencyConfirm')}</Typography.Text>}
          okButtonProps={{ danger: true }}
          onConfirm={() => void act(() => bridge.call('playout.emergencyStop', {}))}
        >
          <Button danger disabled={state?.status === 'off-air'} data-testid="emergency-stop">
            {t('desk.emergencyStop')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
