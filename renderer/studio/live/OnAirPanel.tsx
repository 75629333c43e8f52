import { Empty, List, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlayoutState } from '../../../shared/api';
import type { LibrarySnapshot, PlanBlock } from '../../../shared/domain';
import { useNow } from './use-live';

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function findBlock(library: LibrarySnapshot | null, id: string | null): PlanBlock | null {
  const plan = library?.plan;
  if (!plan || !id) return null;
  for (const b of Object.values(plan.days).flat()) if (b.id === id) return b;
  for (const o of plan.overrides ?? []) for (const b of o.blocks) if (b.id === id) return b;
  return null;
}

/** The line on air (with how far it has got), the block and playlist it comes from, and the lines coming up. */
export function OnAirPanel({ state, library }: { state: PlayoutState | null; library: LibrarySnapshot | null }) {
  const { t } = useTranslation();
  const current = state?.current ?? null;
  const onAir = state?.status === 'on-air';
  const now = useNow(250, onAir && current?.startedAt != null);
  const block = findBlock(library, current?.blockId ?? null);
  const playlist = current?.playlistId ? library?.playlists.find((p) => p.id === current.playlistId) : undefined;
  const elapsed = current?.startedAt != null ? Math.min(current.durationMs, now - current.startedAt) : 0;
  const percent = current && current.durationMs > 0 ? Math.max(0, Math.min(100, (elapsed / current.durationMs) * 100)) : 0;
  const operator = current?.scriptId === 'operator';

  return (
    <div className="live-onair" data-testid="live-onair">
      <Space wrap size={[6, 6]} className="live-onair-where">
        {block && (
          <Tag color="blue" data-testid="live-block">
            {t('liveDesk.block')} {block.start}–{block.end}
          </Tag>
        )}
        {playlist && (
          <Tag color="geekblue" data-testid="live-playlist">
            {t('liveDesk.playlist')}: {playlist.name}
          </Tag>
        )}
        {current && !block && !playlist && !operator && <Tag>{t('liveDesk.gapFiller')}</Tag>}
        {operator && <Tag color="magenta">{t('liveDesk.operatorInsert')}</Tag>}
        {current?.scriptTitle && !operator && <Tag>{current.scriptTitle}</Tag>}
      </Space>
      <div className="live-current" data-testid="live-current">
        {current?.text ?? <Typography.Text type="secondary">{t('live.nothing')}</Typography.Text>}
      </div>
      {current && (
        <div className="live-progress">
          <Progress percent={percent} showInfo={false} size="small" status={onAir ? 'active' : 'normal'} data-testid="live-progress" />
          <Typography.Text type="secondary" className="live-progress-time">
            {t('liveDesk.elapsed', { elapsed: clock(elapsed), total: clock(current.durationMs) })}
          </Typography.Text>
        </div>
      )}
      <Typography.Text type="secondary">{t('liveDesk.rundown')}</Typography.Text>
      {state && state.next.length > 0 ? (
        <List
          size="small"
          className="live-rundown"
          data-testid="rundown"
          dataSource={state.next.slice(0, 8)}
          renderItem={(item, i) => (
            <List.Item key={item.lineId} data-testid="rundown-line" data-ready={item.ready ? 'true' : 'false'}>
              <span className="live-rundown-n">{i + 1}</span>
              <span className="live-rundown-text">{item.text}</span>
              {item.ready ? <Tag color="green">{t('liveDesk.ready')}</Tag> : <Tag color="processing">{t('liveDesk.rendering')}</Tag>}
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('liveDesk.rundownEmpty')} />
      )}
    </div>
  );
}
