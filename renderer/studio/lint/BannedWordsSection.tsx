import { Alert, App as AntApp, Button, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/domain';
import { DEFAULT_BANNED_TERMS, type BannedTerm, type CustomBannedTerm, type LintSettings, type LintSeverity } from '../../../shared/lint';
import { getBridge } from '../../bridge';
import { useLibrary } from '../use-host';

const SEVERITIES: readonly LintSeverity[] = ['block', 'warn'];

function severityColor(s: LintSeverity): string {
  return s === 'block' ? 'red' : 'gold';
}

/** Settings tab: the built-in banned words with on/off switches, and the merchant's own words (add, change severity or suggestion, remove with undo). */
export function BannedWordsSection() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const bridge = getBridge();
  const { library } = useLibrary();
  // The latest settings: a save's answer, until a newer library snapshot arrives.
  const [savedOn, setSavedOn] = useState<{ settings: Settings; library: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [term, setTerm] = useState('');
  const [severity, setSeverity] = useState<LintSeverity>('block');
  const [suggestion, setSuggestion] = useState('');
  const [search, setSearch] = useState('');
  const settings = (savedOn && savedOn.library === library ? savedOn.settings : null) ?? library?.settings ?? null;
  const defaults = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? DEFAULT_BANNED_TERMS.filter((d) => d.term.toLowerCase().includes(q) || (d.suggestion ?? '').toLowerCase().includes(q)) : DEFAULT_BANNED_TERMS;
  }, [search]);
  if (!settings) return null;
  const lint = settings.lint;
  const defaultTerms = new Set(DEFAULT_BANNED_TERMS.map((d) => d.term.toLowerCase()));
  const disabled = new Set(lint.disabled.map((d) => d.toLowerCase()));

  async function update(patch: Partial<LintSettings>): Promise<boolean> {
    setError(null);
    try {
      const next = await bridge.call('settings.update', { patch: { lint: patch } });
      setSavedOn({ settings: next, library });
      return true;
    } catch (e) {
      setError(t('bannedWords.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
      return false;
    }
  }

  async function add(): Promise<void> {
    const word = term.trim();
    if (!word) {
      setError(t('bannedWords.emptyTerm'));
      return;
    }
    if (lint.custom.some((c) => c.term.toLowerCase() === word.toLowerCase())) {
      setError(t('bannedWords.duplicate', { term: word }));
      return;
    }
    const item: CustomBannedTerm = { term: word, severity, category: 'custom', ...(suggestion.trim() ? { suggestion: suggestion.trim() } : {}) };
    if (await update({ custom: [...lint.custom, item] })) {
      setTerm('');
      setSuggestion('');
      void message.success(t('bannedWords.saved'));
    }
  }

  const replaceCustom = (word: string, change: Partial<CustomBannedTerm>): void => {
    void update({ custom: lint.custom.map((c) => (c.term === word ? { ...c, ...change } : c)) });
  };

  async function remove(item: CustomBannedTerm): Promise<void> {
    const before = lint.custom;
    if (!(await update({ custom: before.filter((c) => c.term !== item.term) }))) return;
    const key = `lint-removed-${item.term}`;
    void message.open({
      key,
      type: 'success',
      duration: 8,
      content: (
        <Space>
          {t('bannedWords.removed', { term: item.term })}
          <Button
            size="small"
            type="link"
            data-testid="lint-custom-undo"
            onClick={() => {
              message.destroy(key);
              void update({ custom: before });
            }}
          >
            {t('bannedWords.undo')}
          </Button>
        </Space>
      ),
    });
  }

  const toggleDefault = (word: string, on: boolean): void => {
    const rest = lint.disabled.filter((d) => d.toLowerCase() !== word.toLowerCase());
    void update({ disabled: on ? rest : [...rest, word] });
  };

  const severityOptions = SEVERITIES.map((s) => ({ value: s, label: t(`bannedWords.severities.${s}`) }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="banned-words">
      <Typography.Paragraph type="secondary">{t('bannedWords.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} data-testid="lint-settings-error" />}

      <Typography.Title level={5}>{t('bannedWords.customTitle')}</Typography.Title>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={term}
          maxLength={40}
          placeholder={t('bannedWords.termPlaceholder')}
          aria-label={t('bannedWords.term')}
          onChange={(e) => setTerm(e.target.value)}
          onPressEnter={() => void add()}
          data-testid="lint-custom-term"
        />
        <Select<LintSeverity> value={severity} options={severityOptions} onChange={setSeverity} style={{ width: 110 }} aria-label={t('bannedWords.severity')} data-testid="lint-custom-severity" />
        <Input
          value={suggestion}
          maxLength={40}
          placeholder={`${t('bannedWords.suggestion')} (${t('bannedWords.suggestionPlaceholder')})`}
          aria-label={t('bannedWords.suggestion')}
          onChange={(e) => setSuggestion(e.target.value)}
          onPressEnter={() => void add()}
          data-testid="lint-custom-suggestion"
        />
        <Button type="primary" onClick={() => void add()} data-testid="lint-custom-add">
          {t('bannedWords.add')}
        </Button>
      </Space.Compact>
      <Table<CustomBannedTerm>
        size="small"
        rowKey="term"
        dataSource={lint.custom}
        pagination={false}
        data-testid="lint-custom-table"
        locale={{ emptyText: t('bannedWords.customEmpty') }}
        columns={[
          {
            title: t('bannedWords.term'),
            key: 'term',
            render: (_: unknown, c) => (
              <Space>
                {c.term}
                {defaultTerms.has(c.term.toLowerCase()) && <Tag>{t('bannedWords.overrides')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('bannedWords.severity'),
            key: 'severity',
            render: (_: unknown, c) => (
              <Select<LintSeverity>
                size="small"
                value={c.severity}
                options={severityOptions}
                onChange={(v) => replaceCustom(c.term, { severity: v })}
                style={{ width: 100 }}
                aria-label={t('bannedWords.severity')}
                data-testid={`lint-custom-severity-${c.term}`}
              />
            ),
          },
          {
            title: t('bannedWords.suggestion'),
            key: 'suggestion',
            render: (_: unknown, c) => (
              <Input
                key={`${c.term}:${c.suggestion ?? ''}`}
                size="small"
                defaultValue={c.suggestion ?? ''}
                maxLength={40}
                placeholder={t('bannedWords.suggestionPlaceholder')}
                aria-label={t('bannedWords.suggestion')}
                onBlur={(e) => {
                  const value = e.target.value.trim();
                  if (value === (c.suggestion ?? '')) return;
                  const { suggestion: _old, ...rest } = c;
                  void update({ custom: lint.custom.map((x) => (x.term === c.term ? (value ? { ...rest, suggestion: value } : rest) : x)) });
                }}
              />
            ),
          },
          {
            title: t('bannedWords.actions'),
            key: 'actions',
            render: (_: unknown, c) => (
              <Button size="small" danger onClick={() => void remove(c)} data-testid={`lint-custom-remove-${c.term}`}>
                {t('bannedWords.remove')}
              </Button>
            ),
          },
        ]}
      />

      <Typography.Title level={5}>{t('bannedWords.defaultsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('bannedWords.defaultsHint')}</Typography.Paragraph>
      <Input placeholder={t('bannedWords.search')} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 260 }} data-testid="lint-default-search" />
      <Table<BannedTerm>
        size="small"
        rowKey="term"
        dataSource={[...defaults]}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        data-testid="lint-default-table"
        columns={[
          { title: t('bannedWords.term'), dataIndex: 'term', key: 'term' },
          { title: t('bannedWords.category'), key: 'category', render: (_: unknown, d) => t(`bannedWords.categories.${d.category}`) },
          {
            title: t('bannedWords.severity'),
            key: 'severity',
            render: (_: unknown, d) => {
              const own = lint.custom.find((c) => c.term.toLowerCase() === d.term.toLowerCase());
              const s = own?.severity ?? d.severity;
              return <Tag color={severityColor(s)}>{t(`bannedWords.severities.${s}`)}</Tag>;
            },
          },
          { title: t('bannedWords.suggestion'), key: 'suggestion', render: (_: unknown, d) => d.suggestion ?? '' },
          {
            title: t('bannedWords.enabled'),
            key: 'enabled',
            render: (_: unknown, d) => (
              <Switch
                size="small"
                checked={!disabled.has(d.term.toLowerCase())}
                onChange={(on) => toggleDefault(d.term, on)}
                aria-label={`${t('bannedWords.enabled')} ${d.term}`}
                data-testid={`lint-default-switch-${d.term}`}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
