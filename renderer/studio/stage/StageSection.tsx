import { Alert, App as AntApp, Button, ColorPicker, Input, Radio, Space, Switch, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/domain';
import { checkMediaFile } from '../../../shared/media';
import { LightPresetSchema, type Background, type StageSettings } from '../../../shared/stage-settings';
import { getBridge } from '../../bridge';
import { useLibrary } from '../use-host';
import { mediaOf } from './media-upload';

type BackgroundChoice = 'studio' | 'color' | 'image' | 'video' | 'chroma-green' | 'chroma-blue' | 'transparent';

const BACKGROUND_CHOICES: readonly { value: BackgroundChoice; label: string }[] = [
  { value: 'studio', label: 'stage.background.studio' },
  { value: 'color', label: 'stage.background.color' },
  { value: 'image', label: 'stage.background.image' },
  { value: 'video', label: 'stage.background.video' },
  { value: 'chroma-green', label: 'stage.background.chromaGreen' },
  { value: 'chroma-blue', label: 'stage.background.chromaBlue' },
  { value: 'transparent', label: 'stage.background.transparent' },
];

function choiceOf(bg: Background): BackgroundChoice {
  return bg.kind === 'chroma' ? `chroma-${bg.color}` : bg.kind;
}

const DEFAULT_COLOUR = '#20242f';

/** An upload refusal in the merchant's language when the media section translates its code, else the host's message. */
function useUploadErrorText(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  return (e) => {
    const err = e as { code?: unknown; params?: Record<string, string | number>; message?: unknown };
    const key = typeof err.code === 'string' ? `avatars.mediaErrors.${err.code}` : null;
    if (key && i18n.exists(key)) return t(key, err.params ?? {});
    return typeof err.message === 'string' ? err.message : String(e);
  };
}

/** A hidden file input opened by a button. */
function FilePicker({ accept, label, testId, disabled, onFile }: { accept: string; label: string; testId: string; disabled?: boolean; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button onClick={() => input.current?.click()} disabled={disabled} data-testid={testId}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept={accept}
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}

/**
 * The broadcast picture's settings for the studio's settings drawer: background (with upload of an
 * image or video), light preset, ticker, logo and QR code, drawing when hidden, and the AI label
 * switch (turning it off asks first and is recorded in the as-run log).
 */
export function StageSection() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const uploadErrorText = useUploadErrorText();
  const bridge = getBridge();
  const media = useMemo(() => mediaOf(bridge), [bridge]);
  const { library } = useLibrary();
  // The latest settings: a save's answer (saves may not broadcast), until a newer library snapshot arrives.
  const [savedOn, setSavedOn] = useState<{ settings: Settings; library: unknown } | null>(null);
  const setSaved = (settings: Settings): void => setSavedOn({ settings, library });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settings = (savedOn && savedOn.library === library ? savedOn.settings : null) ?? library?.settings ?? null;

  const [tickerText, setTickerText] = useState<string | null>(null);
  const [labelText, setLabelText] = useState<string | null>(null);
  // Image or video chosen but no file uploaded yet: the stage keeps its current background meanwhile.
  const [pendingPicture, setPendingPicture] = useState<'image' | 'video' | null>(null);

  if (!settings) return null;
  const stage = settings.stage;

  const fail = (e: unknown): void => setError(t('stage.saveFailed', { message: e instanceof Error ? e.message : String(e) }));

  async function update(patch: Partial<StageSettings>): Promise<boolean> {
    setError(null);
    try {
      setSaved(await bridge.call('settings.update', { patch: { stage: patch } }));
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  }

  async function upload(kind: 'image' | 'video', file: File): Promise<string | null> {
    if (!media) {
      setError(t('stage.upload.unavailable'));
      return null;
    }
    const problem = checkMediaFile(kind, file.name, file.size);
    if (problem) {
      setError(t('stage.upload.failed', { message: uploadErrorText(problem) }));
      return null;
    }
    setBusy(true);
    setError(null);
    try {
      const item = await media.upload(kind, file, file.name);
      return item.id;
    } catch (e) {
      setError(t('stage.upload.failed', { message: uploadErrorText(e) }));
      return null;
    } finally {
      setBusy(false);
    }
  }

  function chooseBackground(choice: BackgroundChoice): void {
    const current = stage.background;
    let next: Background | null = null;
    if (choice === 'studio' || choice === 'transparent') next = { kind: choice };
    else if (choice === 'chroma-green') next = { kind: 'chroma', color: 'green' };
    else if (choice === 'chroma-blue') next = { kind: 'chroma', color: 'blue' };
    else if (choice === 'color') next = { kind: 'color', color: current.kind === 'color' ? current.color : DEFAULT_COLOUR };
    // Image and video need a file first: keep the current background until one is uploaded.
    else setPendingPicture(choice);
    if (next) {
      setPendingPicture(null);
      void update({ background: next });
    }
  }

  const shownChoice: BackgroundChoice = pendingPicture ?? choiceOf(stage.background);
  const pictureKind = shownChoice === 'image' || shownChoice === 'video' ? shownChoice : null;
  const pictureId = (stage.background.kind === 'image' || stage.background.kind === 'video') && stage.background.kind === pictureKind ? stage.background.mediaId : null;

  async function setAiLabel(enabled: boolean, confirmed = false): Promise<void> {
    setError(null);
    try {
      const text = labelText?.trim();
      const next = await bridge.call('stage.setAiLabel', { enabled, ...(text ? { text } : {}), ...(confirmed ? { confirmed } : {}) });
      setSaved(next);
      setLabelText(null);
      if (next.aiLabel.enabled !== settings!.aiLabel.enabled) void message.success(t(enabled ? 'stage.aiLabel.turnedOn' : 'stage.aiLabel.turnedOff'));
      else void message.success(t('stage.saved'));
    } catch (e) {
      fail(e);
    }
  }

  function toggleAiLabel(enabled: boolean): void {
    if (enabled) {
      void setAiLabel(true);
      return;
    }
    modal.confirm({
      title: t('stage.aiLabel.confirmTitle'),
      content: t('stage.aiLabel.confirmBody'),
      okText: t('stage.aiLabel.confirmOk'),
      okButtonProps: { danger: true },
      cancelText: t('stage.aiLabel.cancel'),
      onOk: () => setAiLabel(false, true),
    });
  }

  const corner = (which: 'logo' | 'qr') => {
    const key = which === 'logo' ? 'logoMediaId' : 'qrMediaId';
    const id = stage[key];
    return (
      <Space wrap>
        <Typography.Text style={{ minWidth: 160, display: 'inline-block' }}>{t(`stage.corners.${which}`)}</Typography.Text>
        {id && media ? (
          <img src={media.fileUrl(id)} alt="" style={{ height: 40, maxWidth: 120, objectFit: 'contain', background: '#f4f4f6', borderRadius: 4 }} />
        ) : (
          <Typography.Text type="secondary">{t('stage.corners.none')}</Typography.Text>
        )}
        <FilePicker
          accept=".png,.jpg,.jpeg,.webp"
          label={t('stage.corners.upload')}
          testId={`stage-${which}-upload`}
          disabled={busy || !media}
          onFile={(file) =>
            void upload('image', file).then((mediaId) => {
              if (mediaId) void update({ [key]: mediaId });
            })
          }
        />
        {id && (
          <Button onClick={() => void update({ [key]: null })} data-testid={`stage-${which}-remove`}>
            {t('stage.corners.remove')}
          </Button>
        )}
      </Space>
    );
  };

  const ticker = tickerText ?? stage.ticker.text;
  return (
    <div data-testid="stage-settings">
      <Typography.Paragraph type="secondary">{t('stage.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 12 }} />}
      {!media && <Alert type="info" showIcon title={t('stage.upload.unavailable')} style={{ marginBottom: 12 }} />}

      <Typography.Title level={5}>{t('stage.background.title')}</Typography.Title>
      <Radio.Group
        value={shownChoice}
        onChange={(e) => chooseBackground(e.target.value as BackgroundChoice)}
        optionType="button"
        options={BACKGROUND_CHOICES.map((c) => ({ value: c.value, label: t(c.label), disabled: (c.value === 'image' || c.value === 'video') && !media }))}
        data-testid="stage-background"
      />
      <div style={{ marginTop: 10 }}>
        {shownChoice === 'color' && stage.background.kind === 'color' && (
          <ColorPicker
            value={stage.background.color}
            disabledAlpha
            showText
            onChangeComplete={(c) => void update({ background: { kind: 'color', color: c.toHexString().slice(0, 7) } })}
          />
        )}
        {(shownChoice === 'chroma-green' || shownChoice === 'chroma-blue') && <Typography.Text type="secondary">{t('stage.background.chromaHint')}</Typography.Text>}
        {shownChoice === 'transparent' && <Typography.Text type="secondary">{t('stage.background.transparentHint')}</Typography.Text>}
        {pictureKind && (
          <Space orientation="vertical">
            <Typography.Text type="secondary">
              {t(pictureKind === 'image' ? 'stage.background.imageRules' : 'stage.background.videoRules')}
              {pictureId === null && ` ${t('stage.background.noFile')}`}
            </Typography.Text>
            <FilePicker
              accept={pictureKind === 'image' ? '.png,.jpg,.jpeg,.webp' : '.mp4,.webm'}
              label={pictureId ? t('stage.background.replace') : t(pictureKind === 'image' ? 'stage.background.pickImage' : 'stage.background.pickVideo')}
              testId={`stage-background-${pictureKind}-upload`}
              disabled={busy || !media}
              onFile={(file) =>
                void upload(pictureKind, file).then(async (mediaId) => {
                  if (mediaId && (await update({ background: { kind: pictureKind, mediaId } }))) setPendingPicture(null);
                })
              }
            />
            {busy && <Typography.Text type="secondary">{t('stage.upload.uploading')}</Typography.Text>}
          </Space>
        )}
      </div>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stage.light.title')}
      </Typography.Title>
      <Radio.Group
        value={stage.light}
        optionType="button"
        onChange={(e) => void update({ light: LightPresetSchema.parse(e.target.value) })}
        options={LightPresetSchema.options.map((p) => ({ value: p, label: t(`stage.light.${p}`) }))}
        data-testid="stage-light"
      />

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stage.ticker.title')}
      </Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Switch
          checked={stage.ticker.enabled}
          onChange={(enabled) => {
            if (enabled && ticker.trim() === '') {
              setError(t('stage.ticker.empty'));
              return;
            }
            void update({ ticker: { enabled, text: ticker.trim() } }).then((ok) => ok && setTickerText(null));
          }}
          data-testid="stage-ticker-enabled"
        />
        <Typography.Text>{t('stage.ticker.enabled')}</Typography.Text>
        <Input.TextArea
          value={ticker}
          maxLength={300}
          showCount
          autoSize={{ minRows: 1, maxRows: 3 }}
          placeholder={t('stage.ticker.placeholder')}
          onChange={(e) => setTickerText(e.target.value)}
          data-testid="stage-ticker-text"
        />
        <Button
          disabled={tickerText === null || tickerText === stage.ticker.text}
          onClick={() => void update({ ticker: { enabled: stage.ticker.enabled && ticker.trim() !== '', text: ticker.trim() } }).then((ok) => ok && setTickerText(null))}
          data-testid="stage-ticker-save"
        >
          {t('stage.save')}
        </Button>
      </Space>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stage.corners.title')}
      </Typography.Title>
      <Space orientation="vertical">
        {corner('logo')}
        {corner('qr')}
      </Space>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stage.aiLabel.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('stage.aiLabel.hint')}</Typography.Paragraph>
      {!settings.aiLabel.enabled && <Alert type="warning" showIcon title={t('stage.aiLabel.offWarning')} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Switch checked={settings.aiLabel.enabled} onChange={toggleAiLabel} data-testid="stage-ai-label-switch" />
          <Typography.Text>{t('stage.aiLabel.enabled')}</Typography.Text>
        </Space>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={labelText ?? settings.aiLabel.text}
            maxLength={80}
            placeholder={t('stage.aiLabel.textPlaceholder')}
            onChange={(e) => setLabelText(e.target.value)}
            data-testid="stage-ai-label-text"
          />
          <Button
            disabled={labelText === null || labelText.trim() === '' || labelText.trim() === settings.aiLabel.text}
            onClick={() => void setAiLabel(settings.aiLabel.enabled)}
            data-testid="stage-ai-label-save"
          >
            {t('stage.save')}
          </Button>
        </Space.Compact>
      </Space>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stage.capture.title')}
      </Typography.Title>
      <Space align="start">
        <Switch checked={stage.drawWhenHidden} onChange={(drawWhenHidden) => void update({ drawWhenHidden })} data-testid="stage-draw-when-hidden" />
        <div>
          <Typography.Text>{t('stage.capture.drawWhenHidden')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('stage.capture.drawWhenHiddenHint')}
          </Typography.Paragraph>
        </div>
      </Space>
    </div>
  );
}
