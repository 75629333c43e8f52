import { Button, Slider, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../../bridge';

/** How long the slider must rest before the volume is saved (the stage follows each save). */
export const VOLUME_SAVE_DEBOUNCE_MS = 250;

/**
 * The program volume (settings.stage.volume, 0..1) as a 0–100 slider with a mute button. Dragging
 * saves after a short pause; mute saves at once and remembers the level to come back to.
 */
export function VolumeControl({ saved }: { saved: number }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The level unmute goes back to.
  const lastAudible = useRef(saved > 0 ? saved : 1);
  const volume = draft ?? saved;

  useEffect(() => {
    if (saved > 0) lastAudible.current = saved;
  }, [saved]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  function save(v: number): void {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    setError(null);
    getBridge()
      .call('settings.update', { patch: { stage: { volume: v } } })
      .then(
        () => setDraft((d) => (d === v ? null : d)),
        (e: unknown) => {
          setDraft(null);
          setError(t('liveDesk.volume.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
        },
      );
  }

  function drag(percent: number): void {
    const v = Math.round(percent) / 100;
    setDraft(v);
    if (v > 0) lastAudible.current = v;
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => save(v), VOLUME_SAVE_DEBOUNCE_MS);
  }

  function toggleMute(): void {
    const v = volume > 0 ? 0 : lastAudible.current;
    setDraft(v);
    save(v);
  }

  const muted = volume === 0;
  const percent = Math.round(volume * 100);
  return (
    <div className="live-volume" data-testid="live-volume">
      <Space align="center" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('liveDesk.volume.label')}</Typography.Text>
        <Tooltip title={t('liveDesk.volume.muteHint')}>
          <Button size="small" data-testid="volume-mute" data-muted={muted ? 'true' : 'false'} onClick={toggleMute} danger={muted}>
            {muted ? t('liveDesk.volume.unmute') : t('liveDesk.volume.mute')}
          </Button>
        </Tooltip>
      </Space>
      <div className="live-volume-row">
        <Slider
          min={0}
          max={100}
          value={percent}
          onChange={drag}
          tooltip={{ formatter: (v) => `${v ?? 0}%` }}
          aria-label={t('liveDesk.volume.label')}
          data-testid="volume-slider"
        />
        <span className="live-volume-value" data-testid="volume-value">
          {percent}%
        </span>
      </div>
      {muted && <Typography.Text type="warning">{t('liveDesk.volume.mutedNote')}</Typography.Text>}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </div>
  );
}
