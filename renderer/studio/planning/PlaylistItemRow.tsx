import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, InputNumber, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, PlaylistItem } from '../../../shared/domain';

/** Stable keys for items (they have no id): the same object keeps its key while it is moved around. */
const itemKeys = new WeakMap<PlaylistItem, string>();
let nextKey = 1;
export function keyOf(item: PlaylistItem): string {
  let k = itemKeys.get(item);
  if (!k) {
    k = `item-${nextKey++}`;
    itemKeys.set(item, k);
  }
  return k;
}

export type ItemType = PlaylistItem['type'];

/** What an item shows: the script's title, the product's name, or the tag, with how many scripts it can play. */
export function useItemLabel(library: LibrarySnapshot) {
  const { t } = useTranslation();
  return (item: PlaylistItem): { text: string; missing: boolean; hint: string } => {
    if (item.type === 'script') {
      const s = library.scripts.find((x) => x.id === item.scriptId);
      return s ? { text: s.title, missing: false, hint: '' } : { text: item.scriptId, missing: true, hint: t('planning.items.missingScript') };
    }
    if (item.type === 'product') {
      const p = library.products.find((x) => x.id === item.productId);
      const n = library.scripts.filter((s) => s.productId === item.productId).length;
      return p
        ? { text: p.name, missing: n === 0, hint: t('planning.items.productHint', { count: n }) }
        : { text: item.productId, missing: true, hint: t('planning.items.missingProduct') };
    }
    const n = library.scripts.filter((s) => s.tags.includes(item.tag)).length;
    return { text: `#${item.tag}`, missing: n === 0, hint: t('planning.items.tagHint', { count: n }) };
  };
}

/** One item of the playlist: drag handle (dnd-kit), ↑/↓ buttons, weight, remove. */
export function SortableItem({
  item,
  index,
  count,
  label,
  onMove,
  onRemove,
  onWeight,
}: {
  item: PlaylistItem;
  index: number;
  count: number;
  label: { text: string; missing: boolean; hint: string };
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  onWeight: (w: number | null) => void;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: keyOf(item) });
  return (
    <div
      ref={setNodeRef}
      className={`playlist-item${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="playlist-item"
    >
      <span className="drag-handle" {...attributes} {...listeners} aria-label={t('planning.items.drag')} data-testid="item-drag">
        ⠿
      </span>
      <span className="item-index">{index + 1}</span>
      <Tag color={item.type === 'script' ? 'blue' : item.type === 'product' ? 'green' : 'purple'}>{t(`planning.items.type.${item.type}`)}</Tag>
      <span className="item-label" data-testid="item-label">
        <Typography.Text type={label.missing ? 'danger' : undefined}>{label.text}</Typography.Text>
        {label.hint && <Typography.Text type={label.missing ? 'danger' : 'secondary'}> · {label.hint}</Typography.Text>}
      </span>
      <Tooltip title={t('planning.items.weightHelp')}>
        <span className="item-weight-label">{t('planning.items.weight')}</span>
      </Tooltip>
      <InputNumber
        size="small"
        min={0.1}
        max={100}
        step={0.5}
        value={item.weight ?? 1}
        onChange={(v) => onWeight(typeof v === 'number' ? v : null)}
        style={{ width: 80 }}
        aria-label={t('planning.items.weight')}
        data-testid="item-weight"
      />
      <Space.Compact size="small">
        <Button disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={t('planning.items.up')} data-testid="item-up">
          ↑
        </Button>
        <Button disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={t('planning.items.down')} data-testid="item-down">
          ↓
        </Button>
        <Button danger onClick={onRemove} aria-label={t('planning.items.remove')} data-testid="item-remove">
          ✕
        </Button>
      </Space.Compact>
    </div>
  );
}
