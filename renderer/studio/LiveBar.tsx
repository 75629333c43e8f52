import { Alert, Button, Card, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayoutState } from '../../shared/api';
import type { LibrarySnapshot } from '../../shared/domain';
import { getBridge } from '../bridge';
import { planLintReport } from './lint-report';
import { PlanProblemItems } from './live/PlanProblemsSummary';
import { useActivePlanProblems } from './live/use-live';

/** Go live / Stop, what is on air now and next, and whatever needs the merchant's attention. */
export function LiveBar({ state, library }: { state: PlayoutState | null; library: LibrarySnapshot | null }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [popupBlocked, setPopupBlocked] = useState(false);
  const [modal, modalContext] = Modal.useModal();
  const bridge = getBridge();
  const onAir = state?.status === 'on-air' || state?.status === 'starting';
  const planProblems = useActivePlanProblems(library);

  function openStage(): void {
    // In the app the host opens the stage window; in a browser the studio opens it in a new window.
    if (bridge.transport !== 'websocket') return;
    const w = window.open(bridge.pageUrl('stage'), 'stagehost-stage', 'popup,width=540,height=960');
    setPopupBlocked(!w);
  }

  async function run(action: 'playout.goLive' | 'playout.stop'): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await bridge.call(action, {});
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={
        <Space>
          <span className={`on-air-dot${onAir ? ' live' : ''}`} />
          <span data-testid="playout-status">{t(`live.status.${state?.status ?? 'off-air'}`)}</span>
        </Space>
      }
      extra={
        <Space>
          {bridge.transport === 'websocket' && <Button onClick={openStage}>{t('live.openStage')}</Button>}
          {onAir ? (
            <Button danger type="primary" data-testid="stop" loading={busy} onClick={() => void run('playout.stop')}>
              {t('live.stop')}
            </Button>
          ) : (
            <Button
              type="primary"
              data-testid="go-live"
              loading={busy}
              onClick={() => {
                const report = library ? planLintReport(library) : [];
                // Plan problems never block: the rest of the plan airs. They are listed when the preflight asks anyway.
                if (!report.some((r) => r.hits.some((h) => h.severity === 'block'))) {
                  openStage(); // synchronously inside the click, so the browser allows the window
                  void run('playout.goLive');
                  return;
                }
                void modal.confirm({
                  title: t('lint.preflightTitle'),
                  width: 560,
                  okText: t('lint.goLiveAnyway'),
                  okButtonProps: { danger: true, 'data-testid': 'go-live-anyway' } as React.ComponentProps<typeof Button>,
                  cancelText: t('lint.cancel'),
                  content: (
                    <div data-testid="lint-preflight">
                      <p>{t('lint.preflightIntro')}</p>
                      <ul>
                        {report.flatMap(({ script, hits }) =>
                          hits.map((h) => (
                            <li key={`${script.id}-${h.index}`}>
                              <Tag color={h.severity === 'block' ? 'red' : 'gold'}>{t(`lint.${h.severity}`)}</Tag>
                              {t('lint.where', { script: script.title, line: h.line, column: h.column, term: h.term })}
                              {h.suggestion ? ` · ${t('lint.suggestion', { suggestion: h.suggestion })}` : ''}
                            </li>
                          )),
                        )}
                      </ul>
                      {planProblems && planProblems.length > 0 && (
                        <>
                          <p>{t('liveDesk.problems.preflightPlan', { count: planProblems.length })}</p>
                          <PlanProblemItems problems={planProblems} library={library} />
                        </>
                      )}
                    </div>
                  ),
                  onOk: () => {
                    openStage();
                    void run('playout.goLive');
                  },
                });
              }}
            >
              {t('live.goLive')}
            </Button>
          )}
        </Space>
      }
    >
      {modalContext}
      {error && <Alert type="error" showIcon title={t('errors.action', { message: error })} style={{ marginBottom: 12 }} />}
      {popupBlocked && <Alert type="warning" showIcon title={t('live.stageBlocked')} style={{ marginBottom: 12 }} />}
      {onAir && state?.waitingForStage && <Alert type="warning" showIcon title={t('live.waitingForStage')} style={{ marginBottom: 12 }} />}
      {state?.problem && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="playout-problem"
          data-code={state.problem.code}
          title={t('problem.title')}
          description={
            <>
              {t(`liveDesk.playoutProblem.${state.problem.code}`, { defaultValue: t('liveDesk.playoutProblem.other', { code: state.problem.code }) })}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {state.problem.detail}
              </Typography.Text>
            </>
          }
        />
      )}
      <Typography.Text type="secondary">{t('live.nowPlaying')}</Typography.Text>
      <div className="now-text" data-testid="now-playing">
        {state?.current?.text ?? <Typography.Text type="secondary">{t('live.nothing')}</Typography.Text>}
      </div>
      {state?.current?.scriptTitle && <Tag style={{ marginTop: 6 }}>{state.current.scriptTitle}</Tag>}
    </Card>
  );
}
