import { Button, Tooltip } from 'antd';
import { useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanBlock } from '../../../shared/domain';
import {
  DAY_MINUTES,
  crossesMidnight,
  dayConflicts,
  dayGaps,
  daySegments,
  dragSpan,
  formatClock,
  moveBlock,
  pxToMinute,
  resizeBlock,
  snap,
  type Span,
} from '../../../shared/plan-edit';
import { playlistColour } from './planning-ui';

export interface TimelineRow {
  /** A weekday key or an override date: the day list whose blocks the row shows. */
  key: string;
  label: ReactNode;
  /** The row before (its late blocks continue into this row's morning), or null. */
  previousKey: string | null;
  /** Minute of day for the "on now" marker, or null when now is not on this row. */
  nowMinute: number | null;
  /** Extra controls at the end of the row (copy day…). */
  actions?: ReactNode;
}

type Drag =
  | { kind: 'create'; day: string; from: number; to: number; x0: number }
  | { kind: 'move'; day: string; block: PlanBlock; from: number; to: number; x0: number; moved: boolean }
  | { kind: 'resize'; day: string; block: PlanBlock; edge: 'start' | 'end'; offset: number; to: number };

const pct = (m: number) => `${(m / DAY_MINUTES) * 100}%`;

/**
 * The 24-hour timeline: one row per day list. Drag on empty space to draw a block, drag a block to move
 * it, drag its edges to resize (all snapped to 15 minutes); click a block (or focus it and press Enter)
 * to edit it. Overlaps are hatched red, uncovered time is striped.
 */
export function Timeline({
  rows,
  blocks,
  playlists,
  gapLabel,
  selected,
  onCreate,
  onChange,
  onSelect,
}: {
  rows: TimelineRow[];
  blocks: Record<string, readonly PlanBlock[]>;
  /** The library's playlists (names and colours). */
  playlists: ReadonlyArray<{ id: string; name: string }>;
  gapLabel: string;
  selected: { day: string; id: string } | null;
  onCreate: (day: string, span: Span) => void;
  onChange: (day: string, block: PlanBlock) => void;
  onSelect: (day: string, id: string) => void;
}) {
  const { t } = useTranslation();
  const [drag, setDrag] = useState<Drag | null>(null);
  const tracks = useRef(new Map<string, HTMLDivElement>());
  const playlistName = (id: string) => playlists.find((p) => p.id === id)?.name ?? null;

  const minuteAt = (row: string, clientX: number): number => {
    const el = tracks.current.get(row);
    if (!el) return 0;
    const r = el.getBoundingClientRect();
    return pxToMinute(clientX - r.left, r.width);
  };

  /** The block as the drag would leave it. */
  const dragged = (d: Drag): PlanBlock | null => {
    if (d.kind === 'move') return d.moved ? moveBlock(d.block, d.to - d.from) : null;
    if (d.kind === 'resize') return resizeBlock(d.block, d.edge, d.to + d.offset);
    return null;
  };
  const preview = drag ? dragged(drag) : null;
  const shown = (key: string): readonly PlanBlock[] => {
    const list = blocks[key] ?? [];
    if (!drag || !preview || drag.day !== key) return list;
    return list.map((b) => (b.id === preview.id ? preview : b));
  };

  const onTrackDown = (row: string, e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const m = minuteAt(row, e.clientX);
    (e.currentTarget as HTMLDivElement).setPointerCapture(e.pointerId);
    setDrag({ kind: 'create', day: row, from: m, to: m, x0: e.clientX });
  };
  const startBlockDrag = (row: string, owner: string, block: PlanBlock, e: ReactPointerEvent, edge: 'start' | 'end' | null, continued: boolean) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    const track = tracks.current.get(row);
    track?.setPointerCapture(e.pointerId);
    const m = minuteAt(row, e.clientX);
    if (edge) setDrag({ kind: 'resize', day: owner, block, edge, offset: continued ? DAY_MINUTES : 0, to: m });
    else if (continued) onSelect(owner, block.id);
    else setDrag({ kind: 'move', day: owner, block, from: m, to: m, x0: e.clientX, moved: false });
  };
  const onMove = (row: string, e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const m = minuteAt(row, e.clientX);
    if (drag.kind === 'move') setDrag({ ...drag, to: m, moved: drag.moved || Math.abs(e.clientX - drag.x0) > 4 });
    else setDrag({ ...drag, to: m });
  };
  const onUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const d = drag;
    setDrag(null);
    if (d.kind === 'create') {
      // A click (no drag) draws an hour from the quarter clicked.
      const span = Math.abs(e.clientX - d.x0) <= 4 ? dragSpan(Math.floor(d.from / 15) * 15, Math.floor(d.from / 15) * 15 + 60) : dragSpan(d.from, d.to);
      onCreate(d.day, span);
    } else if (d.kind === 'move' && !d.moved) {
      onSelect(d.day, d.block.id);
    } else {
      const b = dragged(d);
      if (b && (b.start !== d.block.start || b.end !== d.block.end)) onChange(d.day, b);
    }
  };

  const hours = Array.from({ length: 25 }, (_, h) => h);
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-row timeline-hours">
        <div className="timeline-label" />
        <div className="timeline-track hours">
          {hours.map((h) => (
            <span key={h} className="hour-tick" style={{ left: pct(h * 60) }}>
              {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
            </span>
          ))}
        </div>
        <div className="timeline-actions" />
      </div>
      {rows.map((row) => {
        const own = { key: row.key, blocks: shown(row.key) };
        const prev = row.previousKey ? { key: row.previousKey, blocks: shown(row.previousKey) } : null;
        const segments = daySegments(own, prev);
        const conflicts = dayConflicts(segments);
        const gaps = dayGaps(segments);
        const inConflict = new Set(conflicts.flatMap((c) => c.blockIds));
        const creating = drag?.kind === 'create' && drag.day === row.key ? dragSpan(drag.from, drag.to) : null;
        return (
          <div className="timeline-row" key={row.key} data-testid={`timeline-row-${row.key}`}>
            <div className="timeline-label">{row.label}</div>
            <div
              className="timeline-track"
              ref={(el) => {
                if (el) tracks.current.set(row.key, el);
                else tracks.current.delete(row.key);
              }}
              onPointerDown={(e) => onTrackDown(row.key, e)}
              onPointerMove={(e) => onMove(row.key, e)}
              onPointerUp={onUp}
              onPointerCancel={() => setDrag(null)}
              data-testid={`track-${row.key}`}
            >
              {hours.slice(1, 24).map((h) => (
                <span key={h} className={`hour-line${h % 6 === 0 ? ' major' : ''}`} style={{ left: pct(h * 60) }} />
              ))}
              {gaps.map((g) => (
                <div key={`gap-${g.start}`} className="timeline-gap" style={{ left: pct(g.start), width: pct(g.end - g.start) }} title={`${gapLabel} ${formatClock(g.start)}–${formatClock(g.end)}`} data-testid="timeline-gap">
                  {g.end - g.start >= 120 ? gapLabel : ''}
                </div>
              ))}
              {segments.map((s) => {
                const name = playlistName(s.block.playlistId);
                const isSel = selected?.day === s.owner && selected.id === s.block.id;
                const colour = name ? playlistColour(s.block.playlistId, playlists) : '#8c8c8c';
                const range = `${s.block.start}–${s.block.end}`;
                return (
                  <div
                    key={`${s.owner}/${s.block.id}/${s.continued ? 'c' : 'o'}`}
                    role="button"
                    tabIndex={0}
                    className={`timeline-block${s.continued ? ' continued' : ''}${inConflict.has(s.block.id) ? ' conflict' : ''}${isSel ? ' selected' : ''}`}
                    style={{ left: pct(s.from), width: pct(s.to - s.from), background: colour }}
                    onPointerDown={(e) => startBlockDrag(row.key, s.owner, s.block, e, null, s.continued)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(s.owner, s.block.id);
                      }
                    }}
                    title={`${name ?? t('planning.plan.missingPlaylist', { id: s.block.playlistId })} · ${range}${s.block.startMode === 'hard' ? ` · ${t('planning.block.hard')}` : ''}`}
                    data-testid="timeline-block"
                    data-block-id={s.block.id}
                    data-day={s.owner}
                  >
                    {!s.continued && <span className="edge start" onPointerDown={(e) => startBlockDrag(row.key, s.owner, s.block, e, 'start', false)} data-testid="block-edge-start" />}
                    <span className="block-text">
                      {s.block.startMode === 'hard' && <b className="hard-mark">{t('planning.block.hardShort')}</b>}
                      {name ?? t('planning.plan.missingPlaylist', { id: s.block.playlistId })}
                      <small> {range}</small>
                    </span>
                    {(s.continued || !crossesMidnight(s.block)) && (
                      <span className="edge end" onPointerDown={(e) => startBlockDrag(row.key, s.owner, s.block, e, 'end', s.continued)} data-testid="block-edge-end" />
                    )}
                  </div>
                );
              })}
              {conflicts.map((c) => (
                <Tooltip key={`c-${c.start}`} title={t('planning.plan.conflictAt', { from: formatClock(c.start), to: formatClock(c.end) })}>
                  <div
                    className="timeline-conflict"
                    style={{ left: pct(c.start), width: pct(c.end - c.start) }}
                    onPointerDown={(e) => e.stopPropagation()}
                    aria-label={t('planning.plan.conflict')}
                    data-testid="timeline-conflict"
                  >
                  </div>
                </Tooltip>
              ))}
              {creating && <div className="timeline-creating" style={{ left: pct(creating.start), width: pct(creating.end - creating.start) }} />}
              {row.nowMinute !== null && (
                <div className="timeline-now" style={{ left: pct(row.nowMinute) }} data-testid="now-marker" title={t('planning.plan.onNow', { time: formatClock(snap(row.nowMinute, 1)) })} />
              )}
            </div>
            <div className="timeline-actions">{row.actions ?? <Button size="small" type="text" disabled />}</div>
          </div>
        );
      })}
    </div>
  );
}
