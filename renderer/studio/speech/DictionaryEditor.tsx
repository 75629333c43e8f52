import { App as AntApp, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PronunciationEntry } from '../../../shared/normalize';
import { getBridge } from '../../bridge';

type Kind = 'none' | 'sapi' | 'ipa' | 'sub';
interface Row {
  key: number;
  word: string;
  reading: string;
  kind: Kind;
  value: string;
}

let nextKey = 1;
function toRow(e: PronunciationEntry): Row {
  const kind: Kind = e.phoneme ? e.phoneme.alphabet : e.sub !== undefined ? 'sub' : 'none';
  return { key: nextKey++, word: e.word, reading: e.reading, kind, value: e.phoneme?.ph ?? e.sub ?? '' };
}

function toEntry(r: Row): PronunciationEntry {
  const word = r.word.trim();
  const reading = r.reading.trim();
  const value = r.value.trim();
  if (r.kind === 'sub' && value) return { word, reading, sub: value };
  if ((r.kind === 'sapi' || r.kind === 'ipa') && value) return { word, reading, phoneme: { alphabet: r.kind, ph: value } };
  return { word, reading };
}

/** The store's pronunciation dictionary as an editable table: word, how to say it, and optional Azure markup. */
export function DictionaryEditor(): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    getBridge()
      .call('speech.dictionary', {})
      .then(
        (r) => live && setRows(r.entries.map(toRow)),
        () => live && setRows([]),
      );
    return () => {
      live = false;
    };
  }, []);

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => (rs ?? []).map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const save = async () => {
    const list = rows ?? [];
    const bad = list.findIndex((r) => !r.word.trim() || (!r.reading.trim() && !(r.kind !== 'none' && r.value.trim())));
    if (bad >= 0) {
      void message.error(t('speech.dictIncomplete', { row: bad + 1 }));
      return;
    }
    const seen = new Set<string>();
    for (const r of list) {
      if (seen.has(r.word.trim())) void message.warning(t('speech.dictDuplicate', { word: r.word.trim() }));
      seen.add(r.word.trim());
    }
    setSaving(true);
    try {
      const saved = await getBridge().call('speech.setDictionary', { entries: list.map(toEntry) });
      setRows(saved.entries.map(toRow));
      void message.success(t('speech.dictSaved'));
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="dictionary-editor">
      <Typography.Title level={5}>{t('speech.dictTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('speech.dictHint')}</Typography.Paragraph>
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        loading={rows === null}
        dataSource={rows ?? []}
        locale={{ emptyText: t('speech.dictEmpty') }}
        columns={[
          {
            title: t('speech.dictWord'),
            key: 'word',
            width: 110,
            render: (_: unknown, r) => <Input size="small" maxLength={100} value={r.word} onChange={(e) => update(r.key, { word: e.target.value })} data-testid="dict-word" />,
          },
          {
            title: t('speech.dictReading'),
            key: 'reading',
            width: 120,
            render: (_: unknown, r) => <Input size="small" maxLength={200} value={r.reading} onChange={(e) => update(r.key, { reading: e.target.value })} data-testid="dict-reading" />,
          },
          {
            title: t('speech.dictAzure'),
            key: 'azure',
            render: (_: unknown, r) => (
              <Space.Compact size="small" style={{ width: '100%' }}>
                <Select<Kind>
                  size="small"
                  style={{ width: 120 }}
                  value={r.kind}
                  onChange={(kind) => update(r.key, { kind })}
                  options={(['none', 'sapi', 'ipa', 'sub'] as const).map((k) => ({ value: k, label: t(`speech.dictKinds.${k}`) }))}
                />
                <Input size="small" maxLength={200} disabled={r.kind === 'none'} placeholder={t('speech.dictAzureValue')} value={r.value} onChange={(e) => update(r.key, { value: e.target.value })} />
              </Space.Compact>
            ),
          },
          {
            key: 'remove',
            width: 60,
            render: (_: unknown, r) => (
              <Button size="small" type="link" danger onClick={() => setRows((rs) => (rs ?? []).filter((x) => x.key !== r.key))}>
                {t('speech.dictRemove')}
              </Button>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button onClick={() => setRows((rs) => [...(rs ?? []), { key: nextKey++, word: '', reading: '', kind: 'none', value: '' }])} data-testid="dict-add">
          {t('speech.dictAdd')}
        </Button>
        <Button type="primary" loading={saving} disabled={rows === null} onClick={() => void save()} data-testid="dict-save">
          {t('speech.dictSave')}
        </Button>
      </Space>
    </div>
  );
}
