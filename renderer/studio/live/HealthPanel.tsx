import { Alert, Badge, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayoutState, SpeechHealth } from '../../../shared/api';
import type { HostHealth } from '../../../shared/api-live';
import { useAzureConfigured } from './use-live';

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${Math.round(n / 1024 ** 2)} MB`;
  return `${Math.round(n / 1024)} KB`;
}

export function formatUptime(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
}

const STATE_BADGE = { closed: 'success', open: 'error', 'half-open': 'warning' } as const;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="live-health-row" data-testid={testId}>
      <span className="live-health-label">{label}</span>
      <span className="live-health-value">{children}</span>
    </div>
  );
}

/** Speech engines (breaker, last error, billed characters, fallbacks), the program stage, host memory and the last day's figures. */
export function HealthPanel({
  state,
  speech,
  speechError,
  host,
  hostError,
}: {
  state: PlayoutState | null;
  speech: SpeechHealth | null;
  speechError: string | null;
  host: HostHealth | null;
  hostError: string | null;
}) {
  const { t } = useTranslation();
  const onAir = state?.status === 'on-air' || state?.status === 'starting';
  const engineName = (id: string) => t(`liveDesk.health.engineNames.${id}`, { defaultValue: id });
  const error = speechError ?? hostError;
  const azureConfigured = useAzureConfigured();
  return (
    <Card size="small" title={t('liveDesk.health.title')} data-testid="health-panel">
      {error && <Alert type="warning" showIcon title={t('liveDesk.health.unavailable', { message: error })} style={{ marginBottom: 8 }} />}
      <Typography.Text strong>{t('liveDesk.health.speech')}</Typography.Text>
      {(speech?.engines ?? []).map((e) => (
        <Row key={e.id} label={engineName(e.id)} testId={`health-engine-${e.id}`}>
          {e.id === 'azure' && azureConfigured === false && e.state === 'closed' ? (
            <span data-state="not-set" data-testid="engine-state">
              <Badge status="default" text={t('liveDesk.health.azureNotSet')} />
            </span>
          ) : (
            <span data-state={e.state} data-testid="engine-state">
              <Badge status={STATE_BADGE[e.state]} text={t(`liveDesk.health.engineState.${e.state}`)} />
            </span>
          )}
          {e.lastError && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: e.lastError }} style={{ margin: 0, maxWidth: 260, fontSize: 12 }}>
              {t('liveDesk.health.lastError', { error: e.lastError })}
            </Typography.Paragraph>
          )}
          {e.billedCharacters > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('liveDesk.health.billed', { count: e.billedCharacters })}
            </Typography.Text>
          )}
        </Row>
      ))}
      {speech && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="health-fallbacks">
          {t('liveDesk.health.fallbacks', { engine: speech.fallbacks.engine, cached: speech.fallbacks.cachedText })}
        </Typography.Text>
      )}
      <div style={{ height: 8 }} />
      <Row label={t('liveDesk.health.output')} testId="health-output">
        {!onAir ? (
          <Badge status="default" text={t('liveDesk.health.outputOff')} />
        ) : state?.waitingForStage ? (
          <Badge status="warning" text={t('liveDesk.health.outputWaiting')} />
        ) : (
          <Badge status="success" text={t('liveDesk.health.outputAttached')} />
        )}
      </Row>
      {host && (
        <>
          <Row label={t('liveDesk.health.memory')} testId="health-memory">
            {t('liveDesk.health.memoryValue', { rss: formatBytes(host.rssBytes), uptime: formatUptime(host.uptimeS) })}
          </Row>
          <Row label={t('liveDesk.health.lines24h')} testId="health-lines">
            {t('liveDesk.health.lines24hValue', { lines: host.asRunLines24h, failed: host.failedLines24h, skipped: host.skippedLines24h })}
          </Row>
        </>
      )}
    </Card>
  );
}
