import { Tag } from 'antd';
import { lineSegments, type ResolvedLine } from '../../shared/templating';

/** A script line as the host says it, with each cue (gesture, card…) shown where it takes effect. */
export function LineWithCues({ line }: { line: Pick<ResolvedLine, 'text' | 'cues' | 'cueAt'> }) {
  return (
    <>
      {lineSegments(line).map((s, i) =>
        s.kind === 'cue' ? (
          <Tag key={i} color="purple" style={{ marginInline: 2 }}>
            {s.cue}
          </Tag>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
