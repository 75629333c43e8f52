import { App as AntApp, Alert, Button, Form, Select, Slider, Space, Typography } from 'antd';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineVoicesInfo } from '../../../shared/api-speech-studio';
import type { Locale, SpeechSettings } from '../../../shared/domain';
import { getBridge } from '../../bridge';
import { PreviewPlayer } from './preview-player';

const DEFAULT = '';

/**
 * The engine and voice the host speaks with, rate and pitch, with a sample to listen to before
 * saving. Keyed by the saved settings (SpeechSettingsSection), so a change elsewhere resets the draft.
 */
export function VoiceSettings({ speech, locale }: { speech: SpeechSettings; locale: Locale }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [engines, setEngines] = useState<EngineVoicesInfo[] | null>(null);
  const [draft, setDraft] = useState<SpeechSettings>(speech);
  const [busy, setBusy] = useState<'sample' | 'save' | null>(null);
  const player = useMemo(() => new PreviewPlayer(), []);
  useEffect(() => () => player.dispose(), [player]);
  const preview = useSyncExternalStore(player.subscribe, player.getSnapshot);
  useEffect(() => {
    let live = true;
    getBridge()
      .call('speech.voices', {})
      .then(
        (r) => live && setEngines(r.engines),
        () => live && setEngines([]),
      );
    return () => {
      live = false;
    };
  }, []);

  const engine = engines?.find((e) => e.engineId === draft.engine) ?? null;
  const voices = useMemo(() => {
    const list = engine?.voices ?? [];
    // Voices of the store's language first.
    return [...list].sort((a, b) => Number(b.locale.startsWith(locale.slice(0, 2))) - Number(a.locale.startsWith(locale.slice(0, 2))) || a.name.localeCompare(b.name));
  }, [engine, locale]);
  const gender = (g: string | undefined) => (g === 'female' ? ` · ${t('speech.female')}` : g === 'male' ? ` · ${t('speech.male')}` : '');

  const sample = async () => {
    setBusy('sample');
    player.loading();
    try {
      const bridge = getBridge();
      const { clips } = await bridge.call('speech.listen', { text: t('speech.sampleSentence'), engine: draft.engine, voice: draft.voice, rate: draft.rate, pitch: draft.pitch });
      if (clips[0] && clips[0].fallback !== 'none') void message.warning(t('speech.fallbackUsed', { engine: clips[0].engine }));
      await player.play(clips, (id) => bridge.mediaUrl(id));
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      player.fail(detail);
      void message.error(t('speech.listenFailed', { message: detail }));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    setBusy('save');
    try {
      await getBridge().call('settings.update', { patch: { speech: draft } });
      void message.success(t('speech.voiceSaved'));
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="voice-settings">
      <Typography.Title level={5}>{t('speech.voiceTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('speech.voiceHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('speech.engine')}>
          <Select
            data-testid="voice-engine"
            value={draft.engine}
            loading={engines === null}
            onChange={(v: string) => setDraft({ ...draft, engine: v, voice: null })}
            options={(engines ?? [{ engineId: draft.engine, available: true, voices: [], error: null }]).map((e) => ({
              value: e.engineId,
              label: `${e.engineId === 'azure' || e.engineId === 'system' ? t(`speech.engines.${e.engineId}`) : e.engineId}${e.available ? '' : ` — ${t('speech.engineUnavailable', { reason: e.error ?? '' })}`}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('speech.voice')}>
          <Select
            data-testid="voice-select"
            showSearch={{ optionFilterProp: 'label' }}
            value={draft.voice ?? DEFAULT}
            onChange={(v: string) => setDraft({ ...draft, voice: v === DEFAULT ? null : v })}
            options={[{ value: DEFAULT, label: t('speech.defaultVoice') }, ...voices.map((v) => ({ value: v.id, label: `${v.name} (${v.locale}${gender(v.gender)})` }))]}
          />
        </Form.Item>
        {engine && engine.voices.length === 0 && engine.error && <Alert type="info" showIcon title={t('speech.noVoices', { reason: engine.error })} style={{ marginBottom: 12 }} />}
        <Form.Item label={`${t('speech.rate')} ×${draft.rate.toFixed(2)}`}>
          <Slider data-testid="voice-rate" min={0.5} max={2} step={0.05} value={draft.rate} onChange={(v: number) => setDraft({ ...draft, rate: v })} />
        </Form.Item>
        <Form.Item label={`${t('speech.pitch')} ×${draft.pitch.toFixed(2)}`}>
          <Slider data-testid="voice-pitch" min={0.5} max={2} step={0.05} value={draft.pitch} onChange={(v: number) => setDraft({ ...draft, pitch: v })} />
        </Form.Item>
        <Space>
          <Button loading={busy === 'sample'} onClick={() => void sample()} data-testid="voice-sample">
            {t('speech.sample')}
          </Button>
          {preview.state !== 'idle' && (
            <Typography.Text type="secondary" data-testid="voice-sample-state" data-state={preview.state}>
              {t(`speech.previewState.${preview.state}`)}
              {preview.clip && preview.state !== 'error' ? ` · ${preview.clip.engine}${preview.clip.voice ? ` / ${preview.clip.voice}` : ''}` : ''}
            </Typography.Text>
          )}
          <Button type="primary" loading={busy === 'save'} onClick={() => void save()} data-testid="voice-save">
            {t('speech.saveVoice')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
