import { Alert, Card, List, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WeekdaySchema, type LibrarySnapshot, type Plan, type PlanBlock } from '../../../shared/domain';
import type { PlanProblem } from '../../../shared/plan-check';
import { getBridge } from '../../bridge';
import { errorText } from './planning-ui';

const isWeekday = (key: string): boolean => WeekdaySchema.safeParse(key).success;

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

/** A problem in the merchant's words: days, blocks and playlists by name instead of ids. */
export function problemDescriber(plan: Plan, library: LibrarySnapshot, t: TFunction) {
  const blocks = new Map<string, PlanBlock>();
  for (const b of Object.values(plan.days).flat()) blocks.set(b.id, b);
  for (const o of plan.overrides ?? []) for (const b of o.blocks) blocks.set(b.id, b);
  const playlistName = (id: string) => library.playlists.find((p) => p.id === id)?.name ?? id;
  const blockName = (id: string) => {
    const b = blocks.get(id);
    return b ? t('planning.problems.block', { name: playlistName(b.playlistId), range: `${b.start}–${b.end}` }) : id;
  };
  const prefix = `plan ${plan.id} › `;
  const ids = (text: string) =>
    text
      .replace(/block (\S+)/g, (_m, id: string) => blockName(id))
      .replace(/playlist (\S+)/g, (_m, id: string) => t('planning.problems.playlist', { name: playlistName(id) }));
  const names = (text: string) =>
    (text.startsWith(prefix) ? text.slice(prefix.length) : text)
      .split(' › ')
      .map((seg) => (isWeekday(seg) ? t(`planning.weekday.${seg}`) : ids(seg)))
      .join(' › ');
  return (p: PlanProblem): { where: string; detail: string } => {
    const where = names(p.where);
    const overlap = /^blocks (\S+) and (\S+) overlap; (\S+) airs/.exec(p.detail);
    if (p.code === 'overlap' && overlap) {
      return { where, detail: t('planning.problems.overlapDetail', { a: blockName(overlap[1]!), b: blockName(overlap[2]!), winner: blockName(overlap[3]!) }) };
    }
    const missing = /^playlist (\S+) is not in the library/.exec(p.detail);
    if (p.code === 'missing-playlist' && missing) return { where, detail: t('planning.problems.missingPlaylistDetail', { id: missing[1] }) };
    return { where, detail: ids(p.detail) };
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
              <Tag color={p.code === 'overlap' ? 'red' : 'orange'}>{t(`planning.problems.code.${p.code}`)}</Tag>
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
