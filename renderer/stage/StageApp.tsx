import { Canvas } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import * as THREE from 'three';
import { backgroundKey, resolveBackground } from './background';
import { useFrameloop } from './drawing';
import type { FileUrl } from './media-url';
import { AiLabel, Caption, CornerImage, ProductCard, SoundPrompt, Ticker } from './overlays/Overlays';
import type { StageParams } from './params';
import type { RenderSettings } from './quality';
import type { StageRuntime } from './runtime';
import { StageScene } from './Scene';
import { installTestHook, setDrawing } from './test-hook';

export interface StageAppProps {
  runtime: StageRuntime;
  params: StageParams;
  render: RenderSettings;
  /** URL of an imported file (background picture, logo, QR code); null while the media store is not available. */
  fileUrl?: FileUrl | null;
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
 * The picture viewers see: the 3D host on its background, the AI-generated label, the caption, the
 * product card, ticker, logo and QR code, and (only when the browser holds the sound back) a prompt
 * to enable sound.
 */
export function StageApp({ runtime, params, render, fileUrl = null }: StageAppProps): React.JSX.Element {
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
  const stage = overlays.stage;

  // A new object only when what is drawn changes: the scene disposes and rebuilds on a new one.
  const resolved = resolveBackground(params.background, stage.background, fileUrl);
  const key = backgroundKey(resolved);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on what the background shows, not on the object
  const background = useMemo(() => resolved, [key]);

  const frameloop = useFrameloop(params.capture || stage.drawWhenHidden);
  useEffect(() => setDrawing(frameloop === 'always'), [frameloop]);

  const ticker = stage.ticker.enabled ? stage.ticker.text.trim() : '';
  const logo = stage.logoMediaId && fileUrl ? fileUrl(stage.logoMediaId) : null;
  const qr = stage.qrMediaId && fileUrl ? fileUrl(stage.qrMediaId) : null;

  return (
    <div
      className={`stage stage--${params.layout} stage--bg-${background.kind}${ticker ? ' stage--ticker' : ''}`}
      data-role={params.role}
      data-quality={render.level}
      data-drawing={frameloop === 'always' ? 'yes' : 'no'}
    >
      <Canvas
        className="stage-canvas"
        camera={{ fov: 24, near: 0.05, far: 50, position: [0, 1.45, 2] }}
        dpr={dpr}
        frameloop={frameloop}
        gl={{
          antialias: render.antialias,
          // Always with alpha, so switching to a transparent background needs no new context.
          alpha: true,
          premultipliedAlpha: true,
          powerPreference: 'high-performance',
          toneMapping: THREE.NeutralToneMapping,
          toneMappingExposure: 1.0,
        }}
      >
        <StageScene runtime={runtime} layout={params.layout} level={render.level} background={background} light={stage.light} />
      </Canvas>
      {logo && <CornerImage src={logo} kind="logo" />}
      {qr && <CornerImage src={qr} kind="qr" />}
      <ProductCard product={overlays.product} locale={params.locale} countdownEndsAt={overlays.countdownEndsAt} />
      <Caption text={state.caption} store={runtime.overlays} />
      {ticker && <Ticker text={ticker} />}
      {overlays.labelEnabled && <AiLabel text={overlays.labelText} />}
      {contextState === 'suspended' && <SoundPrompt onEnable={enableSound} />}
    </div>
  );
}
