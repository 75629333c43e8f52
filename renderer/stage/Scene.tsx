import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import type { LightPreset } from '../../shared/stage-settings';
import { paintBackdrop } from './backdrop';
import {
  browserMediaLoaders,
  clearColourOf,
  createFullFrameQuad,
  createPictureBackground,
  LIGHT_RIGS,
  type MediaLoaders,
  type ResolvedBackground,
} from './background';
import type { StageParams } from './params';
import type { RenderSettings } from './quality';
import { useAvatarRoot } from './avatar/use-avatar-root';
import type { StageRuntime } from './runtime';
import { setRenderInfoSource } from './test-hook';

/** Framing presets: the vertical band of the world (metres) the camera keeps in view. */
const FRAMING = {
  // Portrait: head in the upper third, upper body to the waist.
  portrait: { centreY: 1.45, height: 0.76, minWidth: 0.42, fov: 24 },
  // Landscape: head and shoulders, centred.
  landscape: { centreY: 1.52, height: 0.6, minWidth: 0.7, fov: 24 },
} as const;

/** Keeps the camera framed on the host for the canvas's real aspect. */
function CameraRig({ layout }: { layout: StageParams['layout'] }): null {
  const camera = useThree((s) => s.camera);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  useLayoutEffect(() => {
    if (!(camera instanceof THREE.PerspectiveCamera)) return;
    const f = FRAMING[layout];
    const aspect = width > 0 && height > 0 ? width / height : 9 / 16;
    const visibleHeight = Math.max(f.height, f.minWidth / aspect);
    const distance = visibleHeight / (2 * Math.tan(THREE.MathUtils.degToRad(f.fov / 2)));
    camera.fov = f.fov;
    camera.aspect = aspect;
    camera.near = 0.05;
    camera.far = 50;
    camera.position.set(0, f.centreY + 0.05, distance);
    camera.lookAt(0, f.centreY, 0);
    camera.updateProjectionMatrix();
  }, [camera, width, height, layout]);
  return null;
}

/**
 * Three-point lighting plus a soft sky/ground fill, coloured by the light preset. In low quality
 * (software rendering) the fill and the second rim light are folded into a stronger sky light:
 * each light costs every pixel.
 */
function StudioLights({ level, preset }: { level: RenderSettings['level']; preset: LightPreset }): React.JSX.Element {
  const high = level === 'high';
  const rig = LIGHT_RIGS[preset];
  return (
    <>
      <hemisphereLight args={[rig.sky, rig.ground, high ? rig.hemi : rig.hemi * 1.32]} />
      {/* Key: from the camera's left, above. */}
      <directionalLight position={rig.key.position} intensity={high ? rig.key.intensity : rig.key.intensity * 1.1} color={rig.key.color} />
      {/* Fill: soft, from the right and a little below, to open the shadows of the face. */}
      {high && <directionalLight position={rig.fill.position} intensity={rig.fill.intensity} color={rig.fill.color} />}
      {/* Rim lights from behind, to lift hair and shoulders off the backdrop. */}
      <directionalLight position={rig.rim.position} intensity={rig.rim.intensity} color={rig.rim.color} />
      {high && <directionalLight position={rig.rim2.position} intensity={rig.rim2.intensity} color={rig.rim2.color} />}
    </>
  );
}

/** Full-screen studio backdrop behind the host (see backdrop.ts), repainted when the size changes. */
function Backdrop({ focus }: { focus: THREE.Vector3 }): React.JSX.Element {
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const camera = useThree((s) => s.camera);
  const { quad, texture, canvas } = useMemo(() => {
    const canvas = document.createElement('canvas');
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.NoColorSpace;
    texture.generateMipmaps = false;
    texture.minFilter = THREE.LinearFilter;
    return { quad: createFullFrameQuad(texture), texture, canvas };
  }, []);
  useEffect(
    () => () => {
      quad.dispose();
      texture.dispose();
      // Let the canvas's pixels go at once.
      canvas.width = 0;
      canvas.height = 0;
    },
    [quad, texture, canvas],
  );
  useLayoutEffect(() => {
    // After CameraRig has framed the shot (its layout effect runs first): find the head on screen.
    camera.updateMatrixWorld();
    const p = focus.clone().project(camera);
    const scale = Math.min(1, 900 / Math.max(width, height, 1));
    canvas.width = Math.max(2, Math.round(width * scale));
    canvas.height = Math.max(2, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (ctx) paintBackdrop(ctx, { width: canvas.width, height: canvas.height, focusX: p.x * 0.5 + 0.5, focusY: 0.5 - p.y * 0.5 });
    texture.needsUpdate = true;
  }, [canvas, texture, camera, focus, width, height]);
  return <primitive object={quad.mesh} />;
}

/** An imported image or looping muted video filling the frame (cropped to cover it), disposed when it changes. */
function PictureBackdrop({ background, loaders }: { background: Extract<ResolvedBackground, { kind: 'image' | 'video' }>; loaders: MediaLoaders }): React.JSX.Element {
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const invalidate = useThree((s) => s.invalidate);
  const [ready, setReady] = useState(0);
  const picture = useMemo(
    () =>
      createPictureBackground(background, loaders, {
        onReady: () => setReady((n) => n + 1),
        onError: (message) => console.warn(`stage: ${message}`),
      }),
    [background, loaders],
  );
  useEffect(() => () => picture.dispose(), [picture]);
  useLayoutEffect(() => {
    picture.fit(width > 0 && height > 0 ? width / height : 9 / 16);
    invalidate();
  }, [picture, width, height, ready, invalidate]);
  return <primitive object={picture.mesh} />;
}

/** The clear colour and alpha of the canvas for the background (transparent: alpha 0 for OBS). */
function ClearColour({ background }: { background: ResolvedBackground }): null {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  useLayoutEffect(() => {
    const { color, alpha } = clearColourOf(background);
    scene.background = null;
    gl.setClearColor(color, alpha);
  }, [gl, scene, background]);
  return null;
}

/** Lets the test hook read the renderer's live GPU resources (leak checks). */
function RenderInfo(): null {
  const gl = useThree((s) => s.gl);
  useEffect(() => setRenderInfoSource(() => ({ geometries: gl.info.memory.geometries, textures: gl.info.memory.textures, programs: gl.info.programs?.length ?? 0 })), [gl]);
  return null;
}

/** Drives the runtime once per rendered frame. */
function FrameDriver({ runtime }: { runtime: StageRuntime }): null {
  const cameraPosition = useMemo(() => new THREE.Vector3(), []);
  useFrame((state, delta) => {
    state.camera.getWorldPosition(cameraPosition);
    runtime.frame(delta * 1000, state.clock.elapsedTime, cameraPosition);
  });
  return null;
}

export function StageScene({
  runtime,
  layout,
  level,
  background,
  light,
  loaders = browserMediaLoaders,
}: {
  runtime: StageRuntime;
  layout: StageParams['layout'];
  level: RenderSettings['level'];
  background: ResolvedBackground;
  light: LightPreset;
  loaders?: MediaLoaders;
}): React.JSX.Element {
  const avatarRoot = useAvatarRoot(runtime);
  return (
    <>
      <CameraRig layout={layout} />
      <StudioLights level={level} preset={light} />
      <ClearColour background={background} />
      {background.kind === 'studio' && <Backdrop focus={runtime.avatar.eyeLevel} />}
      {(background.kind === 'image' || background.kind === 'video') && <PictureBackdrop background={background} loaders={loaders} />}
      <primitive object={avatarRoot} />
      <FrameDriver runtime={runtime} />
      <RenderInfo />
    </>
  );
}
