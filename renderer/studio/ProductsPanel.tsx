import { Card, Empty, List, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, Product, Script } from '../../shared/domain';
import { lintText, worstSeverity } from '../../shared/lint';

function money(value: number | null, currency: string, locale: string): string {
  if (value === null) return '';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A tag saying how many banned words a script has, with each hit in the tooltip. */
function LintTag({ script }: { script: Script }) {
  const { t } = useTranslation();
  const hits = lintText(script.body);
  const worst = worstSeverity(hits);
  if (!worst) return null;
  return (
    <Tooltip
      title={hits.map((h) => (
        <div key={h.index}>
          {t('lint.where', { script: script.title, line: h.line, column: h.column, term: h.term })}
          {h.suggestion ? ` · ${t('lint.suggestion', { suggestion: h.suggestion })}` : ''}
        </div>
      ))}
    >
      <Tag color={worst === 'block' ? 'red' : 'gold'} data-testid="lint-hits">
        {t('lint.hits', { count: hits.length })}
      </Tag>
    </Tooltip>
  );
}

function ScriptList({ scripts }: { scripts: Script[] }) {
  const { t } = useTranslation();
  if (scripts.length === 0) return <Typography.Text type="secondary">{t('library.noScripts')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={scripts}
      renderItem={(s) => (
        <List.Item key={s.id}>
          <List.Item.Meta
            title={
              <>
                <Tag color="blue">{t(`library.kinds.${s.kind}`)}</Tag>
                {s.title} <LintTag script={s} />
              </>
            }
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>}
          />
        </List.Item>
      )}
    />
  );
}

/** The store's products with their scripts, and the general scripts. */
export function ProductsPanel({ library }: { library: LibrarySnapshot }) {
  const { t, i18n } = useTranslation();
  const scriptsOf = (productId: string | null): Script[] => library.scripts.filter((s) => s.productId === productId);
  return (
    <>
      <Card title={t('library.products')} data-testid="products">
        <Table<Product>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={library.products}
          locale={{ emptyText: <Empty description={t('library.empty')} /> }}
          expandable={{ expandedRowRender: (p) => <ScriptList scripts={scriptsOf(p.id)} /> }}
          columns={[
            { title: t('library.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('library.price'),
              key: 'price',
              render: (_: unknown, p: Product) => (
                <span>
                  {money(p.price, p.currency, i18n.language)}{' '}
                  {p.originalPrice !== null && p.originalPrice > p.price && (
                    <Typography.Text delete type="secondary">
                      {money(p.originalPrice, p.currency, i18n.language)}
                    </Typography.Text>
                  )}
                </span>
              ),
            },
            { title: t('library.stock'), dataIndex: 'stock', key: 'stock' },
            { title: t('library.scripts'), key: 'scripts', render: (_: unknown, p: Product) => scriptsOf(p.id).length },
          ]}
        />
      </Card>
      <Card title={t('library.generalScripts')} style={{ marginTop: 16 }}>
        <ScriptList scripts={scriptsOf(null)} />
      </Card>
    </>
  );
}
