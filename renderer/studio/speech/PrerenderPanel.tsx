import { Alert, Button, Progress, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrerenderProgressEvent } from '../../../shared/api-speech-studio';
import type { Playlist } from '../../../shared/domain';
import { getBridge } from '../../bridge';

const ALL = '';

/** Renders the lines of one playlist (or all) ahead of air, with a progress bar and Cancel. */
export function PrerenderPanel({ playlists }: { playlists: readonly Playlist[] }): React.JSX.Element {
  const { t } = useTranslation();
  const [playlistId, setPlaylistId] = useState(ALL);
  const [job, setJob] = useState<{ jobId: string; total: number } | null>(null);
  const [progress, setProgress] = useState<PrerenderProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(
    () =>
      getBridge().on('speech.prerenderProgress', (p) => {
        if (p.jobId !== jobRef.current) return;
        setProgress(p);
        if (p.finished) {
          jobRef.current = null;
          setJob(null);
        }
      }),
    [],
  );

  const start = async () => {
    setError(null);
    setProgress(null);
    try {
      const r = await getBridge().call('speech.prerender', playlistId === ALL ? {} : { playlistId });
      jobRef.current = r.jobId;
      setJob(r);
      setProgress({ jobId: r.jobId, done: 0, total: r.total, rendered: 0, cacheHits: 0, failed: 0, finished: r.total === 0, cancelled: false, error: null });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const cancel = () => {
    if (job) void getBridge().call('speech.prerenderCancel', { jobId: job.jobId }).catch(() => {});
  };

  const p = progress;
  const percent = p && p.total > 0 ? Math.round((p.done / p.total) * 100) : p?.finished ? 100 : 0;
  let status: string | null = null;
  if (p) {
    if (p.finished && p.total === 0) status = t('speech.prerenderNothing');
    else if (p.finished && p.cancelled) status = t('speech.prerenderCancelled', { done: p.done, total: p.total });
    else if (p.finished) status = t('speech.prerenderDone', { total: p.total, failed: p.failed });
    else status = t('speech.prerenderProgress', { done: p.done, total: p.total, rendered: p.rendered, cacheHits: p.cacheHits, failed: p.failed });
  }
  return (
    <div data-testid="prerender-panel">
      <Typography.Title level={5}>{t('speech.prerenderTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('speech.prerenderHint')}</Typography.Paragraph>
      <Space wrap>
        <Select
          style={{ width: 220 }}
          value={playlistId}
          disabled={job !== null}
          onChange={setPlaylistId}
          options={[{ value: ALL, label: t('speech.prerenderAll') }, ...playlists.map((pl) => ({ value: pl.id, label: pl.name }))]}
          data-testid="prerender-playlist"
        />
        <Button type="primary" loading={job !== null} onClick={() => void start()} data-testid="prerender-start">
          {t('speech.prerenderStart')}
        </Button>
        {job && (
          <Button onClick={cancel} data-testid="prerender-cancel">
            {t('speech.prerenderCancel')}
          </Button>
        )}
      </Space>
      {p && (
        <div data-testid="prerender-progress" data-finished={p.finished ? 'yes' : 'no'} data-cancelled={p.cancelled ? 'yes' : 'no'} style={{ marginTop: 8 }}>
          <Progress percent={percent} status={p.finished ? (p.failed > 0 || p.cancelled ? 'exception' : 'success') : 'active'} size="small" />
          <Typography.Text type="secondary">{status}</Typography.Text>
        </div>
      )}
      {p?.error && <Alert type="warning" showIcon title={t('speech.prerenderError', { message: p.error })} style={{ marginTop: 8 }} />}
      {error && <Alert type="error" showIcon title={t('errors.action', { message: error })} style={{ marginTop: 8 }} />}
    </div>
  );
}
