import { Button, Card, Modal, Popconfirm, Space, Tag, Typography, message } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayoutState } from '../../shared/api';
import { getBridge } from '../bridge';
import { AlertBanner, AlertSoundToggle, useAlertsMuted } from './live/AlertBanner';
import { HealthPanel } from './live/HealthPanel';
import { InsertBox, type InsertAt } from './live/InsertBox';
import { OnAirPanel } from './live/OnAirPanel';
import { PlanProblemsSummary } from './live/PlanProblemsSummary';
import { ShortcutsHelp } from './live/ShortcutsHelp';
import { focusKindOf, isMacPlatform, shortcutFor } from './live/shortcuts';
import { useActivePlanProblems, useHostHealth, useSpeechHealth } from './live/use-live';
import { VolumeControl } from './live/VolumeControl';
import './live/live.css';
import { useLibrary } from './use-host';

/**
 * The operator's desk while on air: the line on air and the rundown, inserts (typed text or a script, next or
 * now), skip, pause/resume, emergency stop, keyboard shortcuts, the health panel and alerts with sound.
 */
export function LiveDesk({ state }: { state: PlayoutState | null }) {
  const { t } = useTranslation();
  const { library } = useLibrary();
  const speech = useSpeechHealth();
  const host = useHostHealth();
  const problems = useActivePlanProblems(library);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [muted, setMuted] = useAlertsMuted();
  const [toast, toastContext] = message.useMessage();
  const [modal, modalContext] = Modal.useModal();
  const bridge = getBridge();
  const onAir = state?.status === 'on-air';

  async function act(fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    try {
      await fn();
      return true;
    } catch (e) {
      void toast.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const when = (at: InsertAt) => t(at === 'now' ? 'desk.whenNow' : 'desk.whenNext');
  const insertText = (at: InsertAt): Promise<boolean> =>
    act(async () => {
      const typed = text.trim();
      if (!typed) return;
      const result = await bridge.call('playout.insert', { source: { text: typed }, at });
      if (!result.ok) throw new Error(result.problem ?? 'insert refused');
      setText('');
      void toast.success(t('desk.inserted', { when: when(at) }));
    });
  const insertScript = (scriptId: string, at: InsertAt): Promise<boolean> =>
    act(async () => {
      const result = await bridge.call('playout.insert', { source: { scriptId }, at });
      if (!result.ok) throw new Error(result.problem ?? 'insert refused');
      const title = library?.scripts.find((s) => s.id === scriptId)?.title ?? scriptId;
      void toast.success(t('liveDesk.insertedScript', { title, count: result.lines, when: when(at) }));
    });
  const skipLine = () => act(() => bridge.call('playout.skip', { what: 'line' }));
  const togglePause = () => act(() => bridge.call(state?.paused ? 'playout.resume' : 'playout.pause', {}));
  const emergencyStop = () => act(() => bridge.call('playout.emergencyStop', {}));

  // Shortcuts: the handler reads the latest render through a ref, so the listener is added once.
  const latest = useRef({ onAir, insertText, skipLine, togglePause, emergencyStop, state });
  useEffect(() => {
    latest.current = { onAir, insertText, skipLine, togglePause, emergencyStop, state };
  });
  useEffect(() => {
    const mac = isMacPlatform();
    const onKey = (e: KeyboardEvent): void => {
      if (e.repeat) return;
      const action = shortcutFor(e, focusKindOf(e.target), mac);
      if (!action) return;
      e.preventDefault();
      const l = latest.current;
      if (action === 'show-help') return setHelpOpen((o) => !o);
      if (action === 'emergency-stop') {
        if (l.state?.status === 'off-air') return;
        void modal.confirm({
          title: t('liveDesk.shortcuts.stopTitle'),
          content: t('liveDesk.shortcuts.stopBody'),
          okText: t('liveDesk.shortcuts.stopOk'),
          cancelText: t('liveDesk.shortcuts.cancel'),
          okButtonProps: { danger: true, 'data-testid': 'emergency-stop-confirm' } as React.ComponentProps<typeof Button>,
          onOk: () => l.emergencyStop(),
        });
        return;
      }
      if (!l.onAir) {
        void toast.info(t('liveDesk.notOnAir'));
        return;
      }
      if (action === 'insert-next') void l.insertText('boundary');
      else if (action === 'insert-now') void l.insertText('now');
      else if (action === 'skip-line') void l.skipLine().then((ok) => ok && toast.info(t('liveDesk.shortcuts.skipped')));
      else if (action === 'pause-toggle') {
        const wasPaused = l.state?.paused;
        void l.togglePause().then((ok) => ok && toast.info(t(wasPaused ? 'liveDesk.shortcuts.resumed' : 'liveDesk.shortcuts.paused')));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal, t, toast]);

  return (
    <Card
      title={
        <Space>
          {t('desk.title')}
          {onAir && <Tag color="red">{t('liveDesk.onAir')}</Tag>}
        </Space>
      }
      data-testid="live-desk"
      extra={
        <Space>
          {state?.paused && <Tag color="orange">{t('desk.paused')}</Tag>}
          {(state?.pendingInserts ?? 0) > 0 && <Tag>{t('desk.pendingInserts', { count: state?.pendingInserts ?? 0 })}</Tag>}
          <AlertSoundToggle muted={muted} onChange={setMuted} />
          <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
        </Space>
      }
    >
      {toastContext}
      {modalContext}
      <AlertBanner state={state} speech={speech.value} muted={muted} />
      <PlanProblemsSummary problems={problems} library={library} />
      <div className="live-desk-grid">
        <div>
          <OnAirPanel state={state} library={library} />
          <div style={{ marginTop: 12 }}>
            <InsertBox
              library={library}
              onAir={onAir}
              busy={busy}
              text={text}
              onText={setText}
              onInsertText={(at) => void insertText(at)}
              onInsertScript={insertScript}
            />
          </div>
          {!onAir && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
              {t('liveDesk.notOnAir')}
            </Typography.Text>
          )}
          <Space wrap style={{ marginTop: 12 }}>
            <Button data-testid="skip-line" disabled={!onAir} onClick={() => void skipLine()}>
              {t('desk.skipLine')}
            </Button>
            <Button data-testid="skip-script" disabled={!onAir} onClick={() => void act(() => bridge.call('playout.skip', { what: 'script' }))}>
              {t('desk.skipScript')}
            </Button>
            <Button data-testid={state?.paused ? 'resume' : 'pause'} disabled={!onAir} onClick={() => void togglePause()}>
              {state?.paused ? t('desk.resume') : t('desk.pause')}
            </Button>
            <Popconfirm
              title={t('desk.emergencyStop')}
              description={<Typography.Text style={{ maxWidth: 280, display: 'block' }}>{t('desk.emergencyConfirm')}</Typography.Text>}
              okButtonProps={{ danger: true }}
              onConfirm={() => void emergencyStop()}
            >
              <Button danger disabled={state?.status === 'off-air'} data-testid="emergency-stop">
                {t('desk.emergencyStop')}
              </Button>
            </Popconfirm>
          </Space>
        </div>
        <div>
          {library && <VolumeControl saved={library.settings.stage.volume} />}
          <HealthPanel state={state} speech={speech.value} speechError={speech.error} host={host.value} hostError={host.error} />
        </div>
      </div>
    </Card>
  );
}
