import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot } from '../../../shared/domain';

/** Playlists: order, loop/shuffle, weights, interval inserts. */
export function PlaylistsPage(_props: { library: LibrarySnapshot }) {
  const { t } = useTranslation();
  return <Empty description={t('planning.title')} />;
}
