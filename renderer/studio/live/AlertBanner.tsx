import { Alert, Button, Tooltip } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayoutState, SpeechHealth } from '../../../shared/api';
import { alertTonesPlayed, alertsMuted, playAlertTone, setAlertsMuted } from './alert-tone';
import { activeAlerts, raisedAlerts, type LiveAlert } from './alerts';
import { useFailedLines, useNow } from './use-live';

/**
 * Banners for what needs the merchant now (stage missing on air, an engine failing, lines failing, a playout
 * problem), with a short tone when one is raised — once per condition, not at every poll. Mute is remembered.
 */
export function AlertBanner({ state, speech, muted }: { state: PlayoutState | null; speech: SpeechHealth | null; muted: boolean }) {
  const { t } = useTranslation();
  const failedAt = useFailedLines();
  const now = useNow(1000);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [tones, setTones] = useState(0);
  const [waitingSince, setWaitingSince] = useState<number | null>(null);
  const up = useRef<Set<string>>(new Set());

  const onAir = state?.status === 'on-air' || state?.status === 'starting';
  const waiting = onAir && state?.waitingForStage === true;
  const [wasWaiting, setWasWaiting] = useState(false);
  if (waiting !== wasWaiting) {
    // Adjusting state while rendering (React's pattern for "state derived from a change").
    setWasWaiting(waiting);
    setWaitingSince(waiting ? now : null);
  }

  const alerts = useMemo(() => activeAlerts({ state, speech, waitingSince, failedAt, now }), [state, speech, waitingSince, failedAt, now]);
  const keys = alerts.map((a) => a.key).join('|');

  useEffect(() => {
    const raised = raisedAlerts(up.current, alerts);
    up.current = new Set(alerts.map((a) => a.key));
    // A cleared condition may be dismissed again next time it comes back.
    setDismissed((d) => (Array.from(d).every((k) => up.current.has(k)) ? d : new Set(Array.from(d).filter((k) => up.current.has(k)))));
    if (raised.length > 0 && !muted && playAlertTone()) setTones(alertTonesPlayed());
    // Keyed on the set of alert keys: a poll that finds the same conditions plays nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys]);

  const message = (a: LiveAlert): string => {
    if (a.kind === 'playout-problem') {
      const code = String(a.params.code);
      return t('liveDesk.alerts.playout-problem', { what: t(`liveDesk.playoutProblem.${code}`, { defaultValue: t('liveDesk.playoutProblem.other', { code }) }) });
    }
    if (a.kind === 'engine-open') {
      const engine = String(a.params.engine);
      return t('liveDesk.alerts.engine-open', { engine: t(`liveDesk.health.engineNames.${engine}`, { defaultValue: engine }), error: a.params.error });
    }
    return t(`liveDesk.alerts.${a.kind}`, a.params);
  };

  const shown = alerts.filter((a) => !dismissed.has(a.key));
  return (
    <div className="live-alerts" data-testid="live-alerts" data-tones={tones}>
      {shown.map((a) => (
        <Alert
          key={a.key}
          type={a.kind === 'lines-failed' || a.kind === 'playout-problem' ? 'warning' : 'error'}
          showIcon
          data-testid={`live-alert-${a.kind}`}
          title={message(a)}
          description={a.kind === 'playout-problem' ? String(a.params.detail) : undefined}
          action={
            <Button size="small" onClick={() => setDismissed((d) => new Set([...d, a.key]))}>
              {t('liveDesk.alerts.dismiss')}
            </Button>
          }
        />
      ))}
    </div>
  );
}

/** The alert sound switch; the choice is remembered on this computer. */
export function useAlertsMuted(): [boolean, (muted: boolean) => void] {
  const [muted, setMuted] = useState(alertsMuted);
  return [
    muted,
    (m: boolean) => {
      setAlertsMuted(m);
      setMuted(m);
    },
  ];
}

export function AlertSoundToggle({ muted, onChange }: { muted: boolean; onChange: (muted: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('liveDesk.alerts.soundHint')}>
      <Button size="small" data-testid="alerts-sound" data-muted={muted ? 'true' : 'false'} onClick={() => onChange(!muted)}>
        {muted ? t('liveDesk.alerts.soundOff') : t('liveDesk.alerts.soundOn')}
      </Button>
    </Tooltip>
  );
}
