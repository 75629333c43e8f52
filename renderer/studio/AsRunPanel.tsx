import { Card, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AsRunEntry } from '../../shared/domain';

const OUTCOME_COLOURS: Record<AsRunEntry['outcome'], string> = {
  'on-air': 'red',
  aired: 'green',
  skipped: 'default',
  interrupted: 'orange',
  failed: 'volcano',
  timeout: 'volcano',
  notice: 'blue',
};

/** The tail of the as-run log: what actually went on air. */
export function AsRunPanel({ entries }: { entries: AsRunEntry[] }) {
  const { t, i18n } = useTranslation();
  const time = (ms: number | null): string => (ms === null ? '' : new Date(ms).toLocaleTimeString(i18n.language));
  return (
    <Card title={t('asRun.title')}>
      <Table<AsRunEntry>
        data-testid="as-run"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={entries}
        locale={{ emptyText: <Empty description={t('asRun.empty')} /> }}
        onRow={(e) => ({ 'data-outcome': e.outcome }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('asRun.time'), key: 'time', width: 110, render: (_: unknown, e: AsRunEntry) => time(e.startedAt ?? e.plannedAt) },
          { title: t('asRun.text'), dataIndex: 'text', key: 'text' },
          {
            title: t('asRun.outcome'),
            key: 'outcome',
            width: 110,
            render: (_: unknown, e: AsRunEntry) => <Tag color={OUTCOME_COLOURS[e.outcome]}>{t(`asRun.outcomes.${e.outcome}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
