import { Alert, App as AntApp, Button, ConfigProvider, Segmented, Spin, Tabs } from 'antd';
import { useState } from 'react';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain';
import { LOCALES, setLocale } from '../i18n';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AsRunPanel } from './AsRunPanel';
import { AvatarLoadBanner } from './avatars/AvatarLoadAlert';
import { LiveBar } from './LiveBar';
import { LiveDesk } from './LiveDesk';
import { SettingsDrawer } from './SettingsDrawer';
import { ProductsPanel } from './ProductsPanel';
import { PlanPage } from './planning/PlanPage';
import { PlaylistsPage } from './planning/PlaylistsPage';

type StudioTab = 'home' | 'playlists' | 'plan';
import { useAsRunTail, useConnected, useHostNotices, useLibrary, usePlayoutState } from './use-host';

export function App() {
  const { t, i18n } = useTranslation();
  const { library, error } = useLibrary();
  const state = usePlayoutState();
  const asRun = useAsRunTail(30);
  const connected = useConnected();
  const notices = useHostNotices();
  const locale = i18n.language as Locale;
  // Date pickers name weekdays and months through dayjs.
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [tab, setTab] = useState<StudioTab>('home');

  return (
    <ConfigProvider locale={locale === 'en-US' ? enUSAntd : zhCNAntd} theme={{ token: { colorPrimary: '#e8364f', borderRadius: 8 } }}>
      <AntApp>
      <header className="studio-header">
        <h1>{t('app.title')}</h1>
        <Segmented<Locale>
          aria-label={t('app.language')}
          size="small"
          value={locale}
          options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '中文' : 'English' }))}
          onChange={(l) => void setLocale(l)}
        />
        <Button size="small" data-testid="open-settings" onClick={() => setSettingsOpen(true)}>
          {t('settings.open')}
        </Button>
      </header>
      {notices.map((n) => (
        <Alert key={n.code} banner type="error" data-testid={`notice-${n.code}`} title={t(`notices.${n.code}`, { detail: n.detail })} />
      ))}
      {!connected && <Alert banner type="warning" title={t('errors.connection')} />}
      <AvatarLoadBanner />
      {error && <Alert banner type="error" title={t('errors.action', { message: error })} />}
      <div className="studio-livebar">
        <LiveBar state={state} library={library} />
      </div>
      <Tabs
        className="studio-tabs"
        activeKey={tab}
        onChange={(k) => setTab(k as StudioTab)}
        items={[
          {
            key: 'home',
            label: <span data-testid="tab-home">{t('nav.home')}</span>,
            children: (
              <main className="studio-main">
                <div className="span-all">
                  <LiveDesk state={state} />
                </div>
                <div>{library ? <ProductsPanel library={library} /> : <Spin />}</div>
                <div>
                  <AsRunPanel entries={asRun} />
                </div>
              </main>
            ),
          },
          {
            key: 'playlists',
            label: <span data-testid="tab-playlists">{t('nav.playlists')}</span>,
            children: <main className="studio-page">{library ? <PlaylistsPage library={library} /> : <Spin />}</main>,
          },
          {
            key: 'plan',
            label: <span data-testid="tab-plan">{t('nav.plan')}</span>,
            children: <main className="studio-page">{library ? <PlanPage library={library} /> : <Spin />}</main>,
          },
        ]}
      />
      <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      </AntApp>
    </ConfigProvider>
  );
}
