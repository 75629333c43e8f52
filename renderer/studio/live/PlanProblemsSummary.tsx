import { Alert, Collapse, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot } from '../../../shared/domain';
import type { PlanProblem } from '../../../shared/plan-check';
import { planProblemText } from './plan-problem-text';

/** The active plan's problems in the merchant's words, as a list. */
export function PlanProblemItems({ problems, library }: { problems: readonly PlanProblem[]; library: LibrarySnapshot | null }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={problems as PlanProblem[]}
      renderItem={(p, i) => {
        const text = planProblemText(p, t, library, library?.plan ?? null);
        return (
          <List.Item key={`${p.code}-${i}`} data-testid="live-plan-problem" data-code={p.code}>
            <div>
              <Tag color={p.code === 'overlap' || p.code === 'missing-playlist' ? 'red' : 'orange'}>{text.label}</Tag>
              <Typography.Text strong>{text.where}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{text.what}</Typography.Text>
            </div>
          </List.Item>
        );
      }}
    />
  );
}

/** One line "the plan has N problems" that opens to the list; nothing when the plan is fine. */
export function PlanProblemsSummary({ problems, library }: { problems: readonly PlanProblem[] | null; library: LibrarySnapshot | null }) {
  const { t } = useTranslation();
  if (!problems || problems.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="live-plan-problems"
      style={{ marginBottom: 12 }}
      title={
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'p',
              label: t('liveDesk.problems.count', { count: problems.length }),
              children: <PlanProblemItems problems={problems} library={library} />,
            },
          ]}
        />
      }
    />
  );
}
