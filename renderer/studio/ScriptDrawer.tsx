import { App as AntApp, Alert, Button, Drawer, Dropdown, Form, Input, List, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScriptEmotionSchema, ScriptKindSchema, type Product, type Script, type ScriptEmotion, type ScriptKind } from '../../shared/domain';
import { DEFAULT_BANNED_TERMS, lintText, type BannedTerm } from '../../shared/lint';
import { resolveScript, seededRandom, type TemplateScope } from '../../shared/templating';
import { getBridge } from '../bridge';
import { EditorDraftPrompts } from './DraftPrompts';
import { LineWithCues } from './LineWithCues';
import { scriptDraftKey, ScriptDraftSchema, type ScriptDraft } from './drafts';
import { newId } from './ProductDrawer';
import { PreviewPlayer } from './speech/preview-player';
import { PreviewStage } from './speech/PreviewStage';
import { formatDuration, useReadings } from './speech/use-readings';
import { useDraft } from './use-draft';

const VARIABLES = ['product.name', 'product.price', 'product.originalPrice', 'product.sellingPoints.0', 'product.sellingPoints', 'product.stock', 'time', 'date'];
const CUES = ['[wave]', '[nod]', '[card:on]', '[card:off]', '[pause 800]'];

/** Like the playout's scope: the product (also at top level) and the local time and date. */
function previewScope(product: Product | null): TemplateScope {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return product ? { product, ...product, time, date } : { time, date };
}

interface ScriptForm {
  title: string;
  kind: ScriptKind;
  productId: string;
  body: string;
  /** Empty: the stage's default mood. */
  emotion?: ScriptEmotion;
}
const GENERAL = '';

const initialForm = (script: Script | null, productId: string | null): ScriptForm => ({
  title: script?.title ?? '',
  kind: script?.kind ?? (productId ? 'sales' : 'welcome'),
  productId: (script ? script.productId : productId) ?? GENERAL,
  body: script?.body ?? '',
  emotion: script?.emotion,
});
const toDraft = (v: Partial<ScriptForm>): ScriptDraft => ({
  title: v.title ?? '',
  kind: v.kind ?? '',
  productId: v.productId ?? GENERAL,
  body: v.body ?? '',
  emotion: v.emotion ?? null,
});
/** A stored draft back into the form; a kind or mood this version does not know is left as it is in the form. */
const fromDraft = (d: ScriptDraft): Partial<ScriptForm> => {
  const kind = ScriptKindSchema.safeParse(d.kind);
  const emotion = ScriptEmotionSchema.safeParse(d.emotion);
  return { title: d.title, productId: d.productId, body: d.body, ...(kind.success ? { kind: kind.data } : {}), emotion: emotion.success ? emotion.data : undefined };
};

/** Create or edit a script: a textarea with a picker that inserts variables and cues at the cursor, live preview and banned-word check. */
export function ScriptDrawer({
  open,
  script,
  productId,
  products,
  bannedTerms = DEFAULT_BANNED_TERMS,
  onClose,
}: {
  open: boolean;
  script: Script | null;
  /** For a new script: the product it sells (null = general). */
  productId: string | null;
  products: Product[];
  /** The library's effective banned-word list (shared/lint.ts effectiveTerms). */
  bannedTerms?: readonly BannedTerm[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ScriptForm>();
  const [saving, setSaving] = useState(false);
  const [seed, setSeed] = useState(1);
  const bodyRef = useRef<TextAreaRef>(null);
  const body = Form.useWatch('body', form) ?? '';
  const chosen = Form.useWatch('productId', form) ?? GENERAL;

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(initialForm(script, productId));
  }, [open, script, productId, form]);
  const [confirmClose, setConfirmClose] = useState(false);
  const watched = Form.useWatch([], form) as Partial<ScriptForm> | undefined;
  const values = useMemo(() => (watched && watched.title !== undefined ? toDraft(watched) : null), [watched]);
  const base = useMemo(() => toDraft(initialForm(script, productId)), [script, productId]);
  const draft = useDraft({ open, key: scriptDraftKey(script?.id ?? null, productId), base, values, schema: ScriptDraftSchema });
  /** Closing with unsaved changes asks first (keep / discard / save). */
  const requestClose = () => {
    if (draft.isDirty(toDraft(form.getFieldsValue(true) as Partial<ScriptForm>))) setConfirmClose(true);
    else onClose();
  };

  const product = products.find((p) => p.id === chosen) ?? null;
  const preview = useMemo(() => resolveScript(body, previewScope(product), seededRandom(seed)), [body, product, seed]);
  const hits = useMemo(() => lintText(body, bannedTerms), [body, bannedTerms]);
  const lineTexts = useMemo(() => (open ? preview.lines.map((l) => l.text) : []), [open, preview]);
  const { readings, error: readingError } = useReadings(lineTexts);
  const totals = useMemo(
    () => (readings ?? []).reduce((a, r) => ({ ms: a.ms + r.estimatedMs, billed: a.billed + r.billedCharacters }), { ms: 0, billed: 0 }),
    [readings],
  );
  const player = useMemo(() => new PreviewPlayer(), []);
  useEffect(() => () => player.dispose(), [player]);
  useEffect(() => {
    if (!open) player.stop();
  }, [open, player]);
  const [listening, setListening] = useState<number | null>(null);
  const [stageShown, setStageShown] = useState(false);

  /** Renders the line through the chosen engine and voice and plays it on the preview stage. */
  const listen = async (index: number, text: string) => {
    setStageShown(true);
    setListening(index);
    player.loading();
    try {
      const bridge = getBridge();
      const { clips } = await bridge.call('speech.listen', { text, productId: chosen === GENERAL ? null : chosen });
      for (const w of clips.flatMap((c) => c.warnings)) void message.warning(w);
      if (clips[0] && clips[0].fallback !== 'none') void message.warning(t('speech.fallbackUsed', { engine: clips[0].engine }));
      await player.play(clips, (id) => bridge.mediaUrl(id));
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      player.fail(detail);
      void message.error(t('speech.listenFailed', { message: detail }));
    } finally {
      setListening((i) => (i === index ? null : i));
    }
  };

  const insert = (snippet: string) => {
    const el = bodyRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('body') ?? '';
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    const next = current.slice(0, start) + snippet + current.slice(end);
    form.setFieldValue('body', next);
    const place = (tries: number): void => {
      if (!el) return;
      // Not re-rendered yet: try at the next frame.
      if (el.value === current && current !== next && tries < 5) {
        requestAnimationFrame(() => place(tries + 1));
        return;
      }
      // Typed on meanwhile (a busy frame): the caret stays where the merchant put it.
      if (el.value !== next) return;
      el.focus();
      el.setSelectionRange(start + snippet.length, start + snippet.length);
    };
    requestAnimationFrame(() => place(0));
  };

  const save = async () => {
    const v = await form.validateFields();
    const next: Script = {
      id: script?.id ?? newId('s'),
      title: v.title.trim(),
      kind: v.kind,
      productId: v.productId === GENERAL ? null : v.productId,
      body: v.body,
      tags: script?.tags ?? [],
      ...(v.emotion ? { emotion: v.emotion } : {}),
    };
    setSaving(true);
    try {
      await getBridge().call('library.upsertScript', { script: next });
      void message.success(t('edit.saved'));
      draft.discard();
      setConfirmClose(false);
      onClose();
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('edit.required', { field }) });
  return (
    <Drawer
      open={open}
      onClose={requestClose}
      title={script ? t('edit.editScript') : t('edit.newScript')}
      size={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={requestClose} data-testid="script-cancel">
            {t('edit.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save().catch(() => {})} data-testid="script-save">
            {t('edit.save')}
          </Button>
        </Space>
      }
    >
      <EditorDraftPrompts
        draft={draft}
        onRestore={(v) => form.setFieldsValue(fromDraft(v))}
        confirmClose={confirmClose}
        setConfirmClose={setConfirmClose}
        saving={saving}
        save={save}
        onClose={onClose}
      />
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('edit.title')} rules={[required(t('edit.title')), { max: 200, message: t('edit.tooLong', { field: t('edit.title') }) }]}>
          <Input data-testid="script-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={t('library.kind')}>
            <Select style={{ width: 160 }} options={ScriptKindSchema.options.map((k) => ({ value: k, label: t(`library.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="productId" label={t('edit.product')}>
            <Select style={{ width: 260 }} options={[{ value: GENERAL, label: t('edit.general') }, ...products.map((p) => ({ value: p.id, label: p.name }))]} />
          </Form.Item>
          <Form.Item name="emotion" label={t('stage.scriptEmotion.label')} tooltip={t('stage.scriptEmotion.hint')}>
            <Select style={{ width: 180 }} allowClear placeholder={t('stage.scriptEmotion.auto')} data-testid="script-emotion" options={ScriptEmotionSchema.options.map((e) => ({ value: e, label: t(`stage.scriptEmotion.${e}`) }))} />
          </Form.Item>
        </Space>
        <Space style={{ marginBottom: 8 }} wrap>
          <Dropdown menu={{ items: VARIABLES.map((v) => ({ key: v, label: `{{${v}}}` })), onClick: ({ key }) => insert(`{{${key}}}`) }}>
            <Button size="small" data-testid="insert-variable">
              {t('edit.insert')}: {t('edit.variables')}
            </Button>
          </Dropdown>
          <Dropdown menu={{ items: CUES.map((c) => ({ key: c, label: c })), onClick: ({ key }) => insert(key) }}>
            <Button size="small" data-testid="insert-cue">
              {t('edit.insert')}: {t('edit.cues')}
            </Button>
          </Dropdown>
          <Button size="small" onClick={() => insert('{|}')}>
            {t('edit.insert')}: {t('edit.variant')}
          </Button>
        </Space>
        <Form.Item
          name="body"
          label={t('edit.body')}
          extra={t('edit.bodyHint', { variable: '{{product.price}}' })}
          rules={[required(t('edit.body')), { max: 20000, message: t('edit.tooLong', { field: t('edit.body') }) }]}
        >
          <Input.TextArea ref={bodyRef} autoSize={{ minRows: 5, maxRows: 14 }} data-testid="script-body" />
        </Form.Item>
      </Form>
      <div data-testid="lint-live">
        {hits.length === 0 ? (
          body.trim() !== '' && <Alert type="success" showIcon title={t('edit.lintOk')} />
        ) : (
          <Alert
            type={hits.some((h) => h.severity === 'block') ? 'error' : 'warning'}
            showIcon
            title={t('lint.hits', { count: hits.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {hits.map((h) => (
                  <li key={h.index} data-testid="lint-live-hit">
                    {t('edit.lintHit', { line: h.line, column: h.column, term: h.term })}
                    {h.suggestion ? ` · ${t('lint.suggestion', { suggestion: h.suggestion })}` : ''}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('edit.preview')}{' '}
        <Button size="small" onClick={() => setSeed((s) => s + 1)}>
          {t('edit.reshuffle')}
        </Button>
      </Typography.Title>
      {stageShown && <PreviewStage player={player} />}
      {readingError && <Alert type="warning" showIcon title={t('speech.readingFailed', { message: readingError })} style={{ marginBottom: 8 }} />}
      {readings && readings.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="script-totals" style={{ marginBottom: 8 }}>
          {t('speech.totals', { duration: formatDuration(totals.ms), billed: totals.billed })}
        </Typography.Paragraph>
      )}
      {preview.problems.map((p) => (
        <Alert key={`${p.kind}-${p.index}`} type="warning" title={t('edit.templateProblem', { detail: `${p.kind} ${p.detail}` })} style={{ marginBottom: 8 }} />
      ))}
      <List
        size="small"
        bordered
        data-testid="script-preview"
        locale={{ emptyText: t('edit.previewEmpty') }}
        dataSource={preview.lines}
        renderItem={(line, i) => {
          const r = readings?.[i]?.text === line.text ? readings[i] : undefined;
          return (
            <List.Item
              key={i}
              data-testid="preview-row"
              actions={[
                <Tooltip key="listen" title={t('speech.listenHint')}>
                  <Button size="small" loading={listening === i} disabled={listening !== null && listening !== i} onClick={() => void listen(i, line.text)} data-testid="preview-listen">
                    {t('speech.listen')}
                  </Button>
                </Tooltip>,
              ]}
            >
              <div style={{ minWidth: 0 }}>
                <span data-testid="preview-line">
                  <LineWithCues line={line} />
                  {line.pauseAfterMs > 0 && <Tag style={{ marginInlineStart: 8 }}>⏸ {line.pauseAfterMs} ms</Tag>}
                </span>
                {r && (
                  <div style={{ fontSize: 12, color: '#888', marginTop: 2 }}>
                    {r.reading !== line.text && (
                      <div>
                        {t('speech.readsAs')} <span data-testid="preview-reading">{r.reading}</span>
                      </div>
                    )}
                    <span data-testid="preview-estimate">{t('speech.estimate', { duration: formatDuration(r.estimatedMs), billed: r.billedCharacters })}</span>
                  </div>
                )}
              </div>
            </List.Item>
          );
        }}
      />
    </Drawer>
  );
}
