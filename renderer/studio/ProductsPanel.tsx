import { Card, Empty, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, Product, Script } from '../../shared/domain';

function money(value: number | null, currency: string, locale: string): string {
  if (value === null) return '';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
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
                {s.title}
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
