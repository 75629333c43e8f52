import { Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, PlayoutRule, RuleSource } from '../../../shared/domain';

type SourceKind = 'scriptId' | 'tag' | 'text';
const sourceKind = (s: RuleSource): SourceKind => ('scriptId' in s ? 'scriptId' : 'tag' in s ? 'tag' : 'text');

/** One insert rule of a playlist: interval (every min–max minutes), clock call or welcome, and what it says. */
export function RuleEditor({ rule, library, onChange, onRemove }: { rule: PlayoutRule; library: LibrarySnapshot; onChange: (r: PlayoutRule) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const kind = sourceKind(rule.source);
  const value = 'scriptId' in rule.source ? rule.source.scriptId : 'tag' in rule.source ? rule.source.tag : rule.source.text;
  const setSource = (k: SourceKind, v: string) => onChange({ ...rule, source: (k === 'scriptId' ? { scriptId: v } : k === 'tag' ? { tag: v } : { text: v }) as RuleSource });
  const tags = [...new Set(library.scripts.flatMap((s) => s.tags))];
  return (
    <div className="playlist-rule" data-testid="playlist-rule">
      <Select
        size="small"
        value={rule.kind}
        style={{ width: 150 }}
        onChange={(k: PlayoutRule['kind']) => {
          if (k === 'interval') onChange({ id: rule.id, kind: 'interval', minMinutes: 10, maxMinutes: 15, source: rule.source });
          else if (k === 'clock') onChange({ id: rule.id, kind: 'clock', source: rule.source });
          else onChange({ id: rule.id, kind: 'welcome', source: rule.source });
        }}
        options={(['interval', 'clock', 'welcome'] as const).map((k) => ({ value: k, label: t(`planning.rules.kind.${k}`) }))}
        data-testid="rule-kind"
      />
      {rule.kind === 'interval' && (
        <Space size={4}>
          {t('planning.rules.every')}
          <InputNumber size="small" min={1} max={1440} value={rule.minMinutes} onChange={(v) => onChange({ ...rule, minMinutes: v ?? 1 })} style={{ width: 70 }} data-testid="rule-min" />
          –
          <InputNumber size="small" min={1} max={1440} value={rule.maxMinutes} onChange={(v) => onChange({ ...rule, maxMinutes: v ?? 1 })} style={{ width: 70 }} data-testid="rule-max" />
          {t('planning.rules.minutes')}
        </Space>
      )}
      {rule.kind === 'clock' && (
        <Space size={4}>
          {t('planning.rules.every')}
          <InputNumber size="small" min={15} max={1440} step={15} value={rule.everyMinutes ?? 60} onChange={(v) => onChange({ ...rule, everyMinutes: v ?? 60 })} style={{ width: 80 }} />
          {t('planning.rules.minutes')}
        </Space>
      )}
      <span>{t('planning.rules.say')}</span>
      <Select
        size="small"
        value={kind}
        style={{ width: 110 }}
        onChange={(k: SourceKind) => setSource(k, k === 'scriptId' ? (library.scripts[0]?.id ?? '') : k === 'tag' ? (tags[0] ?? '') : t('planning.rules.defaultText', { time: '{{time}}' }))}
        options={(['scriptId', 'tag', 'text'] as const).map((k) => ({ value: k, label: t(`planning.rules.source.${k}`) }))}
      />
      {kind === 'scriptId' && (
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          value={value || undefined}
          style={{ minWidth: 200 }}
          onChange={(v: string) => setSource('scriptId', v)}
          options={library.scripts.map((s) => ({ value: s.id, label: s.title }))}
        />
      )}
      {kind === 'tag' && (
        <Select size="small" value={value || undefined} style={{ minWidth: 140 }} onChange={(v: string) => setSource('tag', v)} options={tags.map((x) => ({ value: x, label: x }))} />
      )}
      {kind === 'text' && <Input size="small" value={value} style={{ width: 260 }} onChange={(e) => setSource('text', e.target.value)} />}
      <Button size="small" danger onClick={onRemove} aria-label={t('planning.rules.remove')}>
        ✕
      </Button>
      {rule.kind === 'interval' && rule.maxMinutes < rule.minMinutes && <Typography.Text type="danger">{t('planning.rules.maxBelowMin')}</Typography.Text>}
    </div>
  );
}
