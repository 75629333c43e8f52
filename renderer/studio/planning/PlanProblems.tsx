import { Alert, Card, List, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, Plan } from '../../../shared/domain';
import type { PlanProblem } from '../../../shared/plan-check';
import { getBridge } from '../../bridge';
import { planProblemText } from '../live/plan-problem-text';
import { errorText } from './planning-ui';

/** The problems `plan.check` finds in the plan being edited (debounced). */
export function usePlanProblems(plan: Plan | null, library: LibrarySnapshot): { problems: PlanProblem[] | null; error: string | null } {
  const [state, setState] = useState<{ problems: PlanProblem[] | null; error: string | null }>({ problems: null, error: null });
  useEffect(() => {
    if (!plan) return;
    let live = true;
    const timer = setTimeout(() => {
      getBridge()
        .call('plan.check', { plan })
        .then(
          (problems) => live && setState({ problems, error: null }),
          (e: unknown) => live && setState({ problems: null, error: errorText(e) }),
        );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [plan, library]);
  return state;
}

/** A problem in the merchant's words (from its code and params): days, blocks and playlists by name instead of ids. */
export function problemDescriber(plan: Plan, library: LibrarySnapshot, t: TFunction) {
  return (p: PlanProblem): { where: string; detail: string } => {
    const text = planProblemText(p, t, library, plan);
    return { where: text.where, detail: text.what };
  };
}

export function ProblemList({
  problems,
  error,
  describe,
  onPick,
}: {
  problems: PlanProblem[] | null;
  error: string | null;
  describe: (p: PlanProblem) => { where: string; detail: string };
  onPick: (p: PlanProblem) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('planning.problems.title')} data-testid="plan-problems">
      {error && <Alert type="warning" title={t('planning.problems.failed', { message: error })} />}
      {problems === null && !error && <Typography.Text type="secondary">{t('planning.problems.checking')}</Typography.Text>}
      {problems?.length === 0 && <Alert type="success" showIcon title={t('planning.problems.none')} data-testid="plan-no-problems" />}
      {problems && problems.length > 0 && (
        <List
          size="small"
          dataSource={problems}
          renderItem={(p) => (
            <List.Item data-testid="plan-problem" className="plan-problem" onClick={() => onPick(p)}>
              <Tag color={p.code === 'overlap' ? 'red' : 'orange'} data-code={p.code}>{t(`liveDesk.problems.code.${p.code}`)}</Tag>
              <span title={`${p.where}: ${p.detail}`}>
                <Typography.Text strong>{describe(p).where}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{describe(p).detail}</Typography.Text>
              </span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
