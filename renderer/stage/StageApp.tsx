import { Canvas } from '@react-three/fiber';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import * as THREE from 'three';
import { AiLabel, Caption, ProductCard, SoundPrompt } from './overlays/Overlays';
import type { StageParams } from './params';
import type { RenderSettings } from './quality';
import type { StageRuntime } from './runtime';
import { StageScene } from './Scene';
import { installTestHook } from './test-hook';

export interface StageAppProps {
  runtime: StageRuntime;
  params: StageParams;
  render: RenderSettings;
}

/** The Canvas dpr for the current window size (low quality keeps a fixed pixel budget). */
function useWindowDpr(render: RenderSettings): number | [number, number] {
  const [size, setSize] = useState(() => ({ w: window.innerWidth, h: window.innerHeight }));
  useEffect(() => {
    const onResize = (): void => setSize({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return render.dpr(size.w, size.h);
}

/**
 * The picture viewers see: the 3D host on a studio backdrop, the AI-generated label, the caption,
 * and (only when the browser holds the sound back) a prompt to enable sound.
 */
export function StageApp({ runtime, params, render }: StageAppProps): React.JSX.Element {
  useEffect(() => {
    runtime.controller.start();
    const stopOverlays = runtime.overlays.start();
    return () => {
      stopOverlays();
      runtime.controller.stop();
    };
  }, [runtime]);
  useEffect(() => installTestHook(runtime), [runtime]);

  const state = useSyncExternalStore(runtime.controller.subscribe, runtime.controller.getState);
  const subscribeContext = useCallback((listener: () => void) => runtime.player.onStateChange(listener), [runtime]);
  const contextState = useSyncExternalStore(subscribeContext, () => runtime.player.state);
  const enableSound = useCallback(() => void runtime.player.resume(), [runtime]);
  const dpr = useWindowDpr(render);
  const overlays = useSyncExternalStore(runtime.overlays.subscribe, runtime.overlays.getState);

  return (
    <div className={`stage stage--${params.layout} stage--bg-${params.background}`} data-role={params.role} data-quality={render.level}>
      <Canvas
        className="stage-canvas"
        camera={{ fov: 24, near: 0.05, far: 50, position: [0, 1.45, 2] }}
        dpr={dpr}
        gl={{
          antialias: render.antialias,
          alpha: params.background === 'transparent',
          powerPreference: 'high-performance',
          toneMapping: THREE.NeutralToneMapping,
          toneMappingExposure: 1.0,
        }}
      >
        <StageScene runtime={runtime} params={params} level={render.level} />
      </Canvas>
      <ProductCard product={overlays.product} locale={params.locale} />
      <Caption text={state.caption} store={runtime.overlays} />
      <AiLabel text={overlays.labelText} />
      {contextState === 'suspended' && <SoundPrompt onEnable={enableSound} />}
    </div>
  );
}
