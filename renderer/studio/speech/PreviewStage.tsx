import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import * as THREE from 'three';
import { createDefaultAvatar } from '../../stage/avatar/default-avatar';
import { ErrorBoundary } from '../ErrorBoundary';
import { PreviewDriver } from './preview-driver';
import type { PreviewPlayer } from './preview-player';

/** Frames the head and shoulders. */
function Framing({ focus }: { focus: THREE.Vector3 }): null {
  const camera = useThree((s) => s.camera);
  useLayoutEffect(() => {
    camera.position.set(0, focus.y - 0.02, 1.15);
    camera.lookAt(0, focus.y - 0.07, 0);
    camera.updateProjectionMatrix();
  }, [camera, focus]);
  return null;
}

function Driver({ driver }: { driver: PreviewDriver }): null {
  useFrame((state, delta) => driver.frame(delta * 1000, state.clock.elapsedTime, state.camera));
  return null;
}

/**
 * A small stage inside the studio: the default host, lit and framed on the face, speaking the
 * Listen clips with lip-sync, and a mouth meter under it. Not a program stage: the host does not
 * know it exists.
 */
export function PreviewStage({ player, height = 220 }: { player: PreviewPlayer; height?: number }): React.JSX.Element {
  const { t } = useTranslation();
  const avatar = useMemo(() => createDefaultAvatar(), []);
  const driver = useMemo(() => new PreviewDriver(avatar, player), [avatar, player]);
  useEffect(() => () => avatar.dispose(), [avatar]);
  const meter = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => driver.attach(meter.current, host.current), [driver]);
  const snap = useSyncExternalStore(player.subscribe, player.getSnapshot);
  // Frames while a line loads or plays and for a moment after (the mouth closes), then only on demand:
  // an idle studio should not spend the CPU on a preview.
  const busy = snap.state === 'loading' || snap.state === 'playing';
  const [settling, setSettling] = useState(false);
  useEffect(() => {
    if (busy) return;
    const on = setTimeout(() => setSettling(true), 0);
    const off = setTimeout(() => setSettling(false), 1000);
    return () => {
      clearTimeout(on);
      clearTimeout(off);
    };
  }, [busy]);
  return (
    <div ref={host} className="speech-preview-stage" data-testid="preview-stage" data-state={snap.state} data-mouth-peak="0">
      <div style={{ height, borderRadius: 8, overflow: 'hidden', background: 'linear-gradient(#f6e9ee, #e4d3dc)' }}>
        <ErrorBoundary
          name="preview stage"
          fallback={(error) => (
            <div data-testid="preview-stage-unavailable" style={{ padding: 12, fontSize: 12, color: '#8c8c8c' }}>
              {t('errors.previewStage', { message: error.message })}
            </div>
          )}
        >
          <Canvas frameloop={busy || settling ? 'always' : 'demand'} dpr={1} camera={{ fov: 24, near: 0.05, far: 20, position: [0, 1.5, 1.2] }} gl={{ antialias: false, toneMapping: THREE.NeutralToneMapping }}>
            <Framing focus={avatar.eyeLevel} />
            <hemisphereLight args={['#fff6ef', '#c9b9c4', 1.45]} />
            <directionalLight position={[-1.2, 1.6, 2.6]} intensity={2.2} color="#fff0e4" />
            <directionalLight position={[1.2, 2.2, -2.2]} intensity={2} color="#ffe8d6" />
            <primitive object={avatar.root} />
            <Driver driver={driver} />
          </Canvas>
        </ErrorBoundary>
      </div>
      <div className="speech-preview-meter" aria-label={t('speech.mouthMeter')} title={t('speech.mouthMeter')} style={{ height: 6, background: '#eee', borderRadius: 3, marginTop: 6 }}>
        <div ref={meter} data-testid="preview-mouth-meter" style={{ height: 6, width: '0%', background: '#e8364f', borderRadius: 3, transition: 'width 40ms linear' }} />
      </div>
      <div style={{ fontSize: 12, color: '#888', marginTop: 4 }} data-testid="preview-stage-status">
        {t(`speech.previewState.${snap.state}`)}
        {snap.state === 'error' && snap.error ? `: ${snap.error}` : ''}
        {snap.clip && snap.state !== 'idle' ? ` · ${snap.clip.engine}${snap.clip.voice ? ` / ${snap.clip.voice}` : ''}` : ''}
      </div>
    </div>
  );
}
