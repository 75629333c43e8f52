import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import * as THREE from 'three';
import { paintBackdrop } from './backdrop';
import type { StageParams } from './params';
import type { RenderSettings } from './quality';
import type { StageRuntime } from './runtime';

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
 * Three-point lighting plus a soft sky/ground fill. In low quality (software rendering) the fill
 * and the second rim light are folded into a stronger sky light: each light costs every pixel.
 */
function StudioLights({ level }: { level: RenderSettings['level'] }): React.JSX.Element {
  const high = level === 'high';
  return (
    <>
      <hemisphereLight args={['#fff6ef', high ? '#b9a7b4' : '#c9b9c4', high ? 1.1 : 1.45]} />
      {/* Key: warm, from the camera's left, above. */}
      <directionalLight position={[-1.2, 1.6, 2.6]} intensity={high ? 2.0 : 2.2} color="#fff0e4" />
      {/* Fill: cool and soft, from the right and a little below, to open the shadows of the face. */}
      {high && <directionalLight position={[1.8, 0.4, 2.2]} intensity={0.9} color="#e6ecff" />}
      {/* Rim lights from behind, to lift hair and shoulders off the backdrop. */}
      <directionalLight position={[1.2, 2.2, -2.2]} intensity={2.2} color="#ffe8d6" />
      {high && <directionalLight position={[-1.4, 2.0, -2.0]} intensity={1.4} color="#d9e6ff" />}
    </>
  );
}

const BACKDROP_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy * 2.0, 0.9999, 1.0);
}
`;

/** The painted canvas holds sRGB values: output them as they are (no colour conversion). */
const BACKDROP_FRAGMENT = /* glsl */ `
uniform sampler2D map;
varying vec2 vUv;
void main() {
  gl_FragColor = vec4(texture2D(map, vUv).rgb, 1.0);
}
`;

/** Full-screen studio backdrop behind the host (see backdrop.ts), repainted when the size changes. */
function Backdrop({ focus }: { focus: THREE.Vector3 }): React.JSX.Element {
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const camera = useThree((s) => s.camera);
  const { material, geometry, texture, canvas } = useMemo(() => {
    const canvas = document.createElement('canvas');
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.NoColorSpace;
    texture.generateMipmaps = false;
    texture.minFilter = THREE.LinearFilter;
    const material = new THREE.ShaderMaterial({
      vertexShader: BACKDROP_VERTEX,
      fragmentShader: BACKDROP_FRAGMENT,
      uniforms: { map: { value: texture } },
      depthTest: false,
      depthWrite: false,
      toneMapped: false,
    });
    return { material, geometry: new THREE.PlaneGeometry(1, 1), texture, canvas };
  }, []);
  useEffect(
    () => () => {
      material.dispose();
      geometry.dispose();
      texture.dispose();
    },
    [material, geometry, texture],
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
  return <mesh geometry={geometry} material={material} frustumCulled={false} renderOrder={-1000} />;
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
  params,
  level,
}: {
  runtime: StageRuntime;
  params: StageParams;
  level: RenderSettings['level'];
}): React.JSX.Element {
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    scene.background = params.background === 'green' ? new THREE.Color('#00b140') : null;
  }, [scene, params.background]);
  return (
    <>
      <CameraRig layout={params.layout} />
      <StudioLights level={level} />
      {params.background === 'studio' && <Backdrop focus={runtime.avatar.eyeLevel} />}
      <primitive object={runtime.avatar.root} />
      <FrameDriver runtime={runtime} />
    </>
  );
}
