import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot } from '../../../shared/domain';

/** The plan: a 24-hour timeline per weekday, dated overrides, problems. */
export function PlanPage(_props: { library: LibrarySnapshot }) {
  const { t } = useTranslation();
  return <Empty description={t('planning.title')} />;
}
