import { Alert, Button, Descriptions, Divider, Drawer, Form, Input, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AzureStatus, SpeechHealth } from '../../shared/api';
import { getBridge } from '../bridge';
import { AvatarsSection } from './avatars/AvatarsSection';
import { BannedWordsSection } from './lint/BannedWordsSection';
import { SpeechSettingsSection } from './speech/SpeechSettingsSection';
import { StageSection } from './stage/StageSection';
import { BackupSection } from './store/BackupSection';

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Settings in tabs: speech (Azure key, voices, dictionary, engine health), stage, avatars, backup and restore. */
export function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const bridge = getBridge();
  const [azure, setAzure] = useState<AzureStatus | null>(null);
  const [health, setHealth] = useState<SpeechHealth | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toast, toastContext] = message.useMessage();
  const [form] = Form.useForm<{ key: string; region: string }>();

  useEffect(() => {
    if (!open) return;
    const load = (): void => {
      bridge.call('speech.azureStatus', {}).then(setAzure, () => {});
      bridge.call('speech.health', {}).then(setHealth, () => {});
    };
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [open, bridge]);

  const [testing, setTesting] = useState(false);
  /** Asks Azure for its voice list with the saved key: the cheapest call that proves key and region. */
  async function testAzure(): Promise<void> {
    setTesting(true);
    try {
      const { engines } = await bridge.call('speech.voices', {});
      const a = engines.find((e) => e.engineId === 'azure');
      if (a && a.voices.length > 0) void toast.success(t('speech.azureTestOk', { count: a.voices.length }));
      else void toast.error(t('speech.azureTestFailed', { message: a?.error ?? '—' }));
    } catch (e) {
      void toast.error(t('speech.azureTestFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setTesting(false);
    }
  }

  async function save(key: string | null, region: string): Promise<void> {
    setError(null);
    try {
      setAzure(await bridge.call('speech.setAzureCredentials', { key, region }));
      form.setFieldValue('key', '');
      void toast.success(t('settings.saved'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Drawer title={t('settings.title')} open={open} onClose={onClose} size={640}>
      {toastContext}
      <Tabs
        data-testid="settings-tabs"
        items={[
          {
            key: 'speech',
            label: t('settings.tabs.speech'),
            children: (
              <>
        <Typography.Title level={5}>{t('settings.azureTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('settings.azureHint')}</Typography.Paragraph>
        {azure && (
          <Space style={{ marginBottom: 12 }}>
            <Tag color={azure.configured ? 'green' : 'default'}>
              {azure.configured ? t('settings.configured', { region: azure.region ?? '' }) : t('settings.notConfigured')}
            </Tag>
            <Typography.Text type="secondary">{t(azure.storage === 'os-keychain' ? 'settings.storageKeychain' : 'settings.storageFile')}</Typography.Text>
          </Space>
        )}
        {error && <Alert type="error" showIcon title={t('errors.action', { message: error })} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ region: azure?.region ?? 'eastasia' }} onFinish={(v) => void save(v.key, v.region)}>
          <Form.Item name="key" label={t('settings.azureKey')} rules={[{ required: true }]}>
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Form.Item name="region" label={t('settings.azureRegion')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('settings.save')}
            </Button>
            {azure?.configured && (
              <Button loading={testing} onClick={() => void testAzure()} data-testid="azure-test">
                {t('speech.azureTest')}
              </Button>
            )}
            {azure?.configured && <Button onClick={() => void save(null, azure.region ?? 'eastasia')}>{t('settings.remove')}</Button>}
          </Space>
        </Form>
        <Divider />
        {open && <SpeechSettingsSection />}
        <Divider />
        <Typography.Title level={5} style={{ marginTop: 28 }}>
          {t('settings.health')}
        </Typography.Title>
        {health && (
          <>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={health.engines}
              columns={[
                { title: t('settings.engine'), dataIndex: 'id', key: 'id' },
                {
                  title: t('settings.state'),
                  key: 'state',
                  render: (_: unknown, e: SpeechHealth['engines'][number]) => (
                    <Tag color={e.state === 'closed' ? 'green' : e.state === 'open' ? 'red' : 'orange'}>{t(`settings.states.${e.state}`)}</Tag>
                  ),
                },
                { title: t('settings.billed'), dataIndex: 'billedCharacters', key: 'billed' },
                { title: t('settings.lastError'), dataIndex: 'lastError', key: 'lastError', ellipsis: true },
              ]}
            />
            <Descriptions size="small" style={{ marginTop: 8 }}>
              <Descriptions.Item>{t('settings.cache', { entries: health.cache.entries, size: size(health.cache.bytes) })}</Descriptions.Item>
            </Descriptions>
          </>
        )}
              </>
            ),
          },
          { key: 'stage', label: <span data-testid="settings-tab-stage">{t('settings.tabs.stage')}</span>, children: open && <StageSection /> },
          { key: 'avatars', label: <span data-testid="settings-tab-avatars">{t('settings.tabs.avatars')}</span>, children: open && <AvatarsSection /> },
          { key: 'store', label: <span data-testid="settings-tab-store">{t('settings.tabs.store')}</span>, children: open && <BackupSection /> },
          { key: 'lint', label: <span data-testid="settings-tab-lint">{t('settings.tabs.lint')}</span>, children: open && <BannedWordsSection /> },
        ]}
      />
    </Drawer>
  );
}
