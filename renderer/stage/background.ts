import * as THREE from 'three';
import type { Background, LightPreset } from '../../shared/stage-settings';
import type { StageParams } from './params';

/**
 * What is behind the host, resolved from the stage settings (and the `?bg=` URL override, which
 * wins: tests and OBS setups pin it), and the full-frame picture for an image or video background,
 * with everything it allocates disposed in one place.
 */
export type ResolvedBackground =
  | { kind: 'studio' }
  | { kind: 'color'; color: string }
  | { kind: 'image'; url: string }
  | { kind: 'video'; url: string }
  | { kind: 'chroma'; color: string }
  | { kind: 'transparent' };

/** Broadcast chroma-key colours (sRGB). */
export const CHROMA = { green: '#00b140', blue: '#0047bb' } as const;

/**
 * The background to draw. `fileUrl` turns an imported file's id into a URL; without it (the media
 * store not available) an image or video background falls back to the studio set.
 */
export function resolveBackground(
  override: StageParams['background'],
  setting: Background,
  fileUrl: ((mediaId: string) => string) | null,
): ResolvedBackground {
  if (override === 'green' || override === 'blue') return { kind: 'chroma', color: CHROMA[override] };
  if (override === 'transparent') return { kind: 'transparent' };
  if (override === 'studio') return { kind: 'studio' };
  switch (setting.kind) {
    case 'studio':
    case 'transparent':
      return setting;
    case 'color':
      return { kind: 'color', color: setting.color };
    case 'chroma':
      return { kind: 'chroma', color: CHROMA[setting.color] };
    case 'image':
    case 'video':
      return fileUrl ? { kind: setting.kind, url: fileUrl(setting.mediaId) } : { kind: 'studio' };
  }
}

/** A stable key: the scene rebuilds its background only when this changes. */
export function backgroundKey(bg: ResolvedBackground): string {
  switch (bg.kind) {
    case 'color':
    case 'chroma':
      return `${bg.kind}:${bg.color}`;
    case 'image':
    case 'video':
      return `${bg.kind}:${bg.url}`;
    default:
      return bg.kind;
  }
}

/** The canvas clear colour and alpha for a background (a picture or the studio set covers it anyway). */
export function clearColourOf(bg: ResolvedBackground): { color: string; alpha: number } {
  switch (bg.kind) {
    case 'transparent':
      return { color: '#000000', alpha: 0 };
    case 'color':
    case 'chroma':
      return { color: bg.color, alpha: 1 };
    default:
      return { color: '#1a1a22', alpha: 1 };
  }
}

/**
 * Texture coordinates that make a picture of `mediaAspect` cover a frame of `frameAspect` (cropping
 * the overflow, centred), written into `out` as (scaleX, scaleY, offsetX, offsetY).
 */
export function coverUv(frameAspect: number, mediaAspect: number, out: THREE.Vector4): THREE.Vector4 {
  if (!(frameAspect > 0) || !(mediaAspect > 0)) return out.set(1, 1, 0, 0);
  if (mediaAspect > frameAspect) {
    const sx = frameAspect / mediaAspect;
    return out.set(sx, 1, (1 - sx) / 2, 0);
  }
  const sy = mediaAspect / frameAspect;
  return out.set(1, sy, 0, (1 - sy) / 2);
}

const QUAD_VERTEX = /* glsl */ `
uniform vec4 uvTransform;
varying vec2 vUv;
void main() {
  vUv = uv * uvTransform.xy + uvTransform.zw;
  gl_Position = vec4(position.xy * 2.0, 0.9999, 1.0);
}
`;

/** Texture values are sRGB already: output them as they are (no colour conversion, no tone mapping). */
const QUAD_FRAGMENT = /* glsl */ `
uniform sampler2D map;
varying vec2 vUv;
void main() {
  gl_FragColor = vec4(texture2D(map, vUv).rgb, 1.0);
}
`;

/** A quad that fills the frame behind everything, showing `texture`. */
export interface FullFrameQuad {
  readonly mesh: THREE.Mesh;
  readonly uvTransform: THREE.Vector4;
  dispose(): void;
}

export function createFullFrameQuad(texture: THREE.Texture): FullFrameQuad {
  const uvTransform = new THREE.Vector4(1, 1, 0, 0);
  const geometry = new THREE.PlaneGeometry(1, 1);
  const material = new THREE.ShaderMaterial({
    vertexShader: QUAD_VERTEX,
    fragmentShader: QUAD_FRAGMENT,
    uniforms: { map: { value: texture }, uvTransform: { value: uvTransform } },
    depthTest: false,
    depthWrite: false,
    toneMapped: false,
  });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.frustumCulled = false;
  mesh.renderOrder = -1000;
  return {
    mesh,
    uvTransform,
    dispose() {
      mesh.removeFromParent();
      geometry.dispose();
      material.dispose();
    },
  };
}

/** The media behind a picture background: its texture, its size once known, and how to let it go. */
export interface MediaSource {
  readonly texture: THREE.Texture;
  /** Width / height of the picture, or 0 until it has loaded. */
  aspect(): number;
  dispose(): void;
}

export interface MediaLoaders {
  image(url: string, onReady: () => void, onError: (message: string) => void): MediaSource;
  video(url: string, onReady: () => void, onError: (message: string) => void): MediaSource;
}

/** A picture background (image or looping video): the quad and its media, disposed together. */
export interface PictureBackground {
  readonly mesh: THREE.Mesh;
  /** Re-fits the picture to the frame (call on resize and when the media is ready). */
  fit(frameAspect: number): void;
  dispose(): void;
}

export function createPictureBackground(
  bg: Extract<ResolvedBackground, { kind: 'image' | 'video' }>,
  loaders: MediaLoaders,
  handlers: { onReady: () => void; onError: (message: string) => void },
): PictureBackground {
  const media = loaders[bg.kind](bg.url, handlers.onReady, handlers.onError);
  const quad = createFullFrameQuad(media.texture);
  let disposed = false;
  return {
    mesh: quad.mesh,
    fit(frameAspect) {
      coverUv(frameAspect, media.aspect(), quad.uvTransform);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      quad.dispose();
      media.dispose();
    },
  };
}

function configure(texture: THREE.Texture): void {
  // The shader outputs the stored sRGB values as they are.
  texture.colorSpace = THREE.NoColorSpace;
  texture.generateMipmaps = false;
  texture.minFilter = THREE.LinearFilter;
  texture.magFilter = THREE.LinearFilter;
}

/** The browser's loaders: an image through an <img>, a video as a muted, looping <video>. */
export const browserMediaLoaders: MediaLoaders = {
  image(url, onReady, onError) {
    const texture = new THREE.Texture();
    configure(texture);
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.decoding = 'async';
    let aspect = 0;
    img.onload = () => {
      aspect = img.naturalHeight > 0 ? img.naturalWidth / img.naturalHeight : 0;
      texture.image = img;
      texture.needsUpdate = true;
      onReady();
    };
    img.onerror = () => onError(`the background image could not be loaded (${url})`);
    img.src = url;
    return {
      texture,
      aspect: () => aspect,
      dispose() {
        img.onload = null;
        img.onerror = null;
        img.removeAttribute('src');
        texture.dispose();
      },
    };
  },
  video(url, onReady, onError) {
    const video = document.createElement('video');
    video.crossOrigin = 'anonymous';
    video.muted = true;
    video.loop = true;
    video.playsInline = true;
    video.preload = 'auto';
    const texture = new THREE.VideoTexture(video);
    configure(texture);
    let aspect = 0;
    video.onloadeddata = () => {
      aspect = video.videoHeight > 0 ? video.videoWidth / video.videoHeight : 0;
      onReady();
    };
    video.onerror = () => onError(`the background video could not be played (${url})`);
    video.src = url;
    void video.play().catch(() => {
      /* Autoplay of a muted video is allowed; a failure shows up as onerror. */
    });
    return {
      texture,
      aspect: () => aspect,
      dispose() {
        video.onloadeddata = null;
        video.onerror = null;
        video.pause();
        video.removeAttribute('src');
        video.load();
        texture.dispose();
      },
    };
  },
};

/** One light: direction (position), colour, intensity. */
interface LightSpec {
  position: readonly [number, number, number];
  color: string;
  intensity: number;
}

export interface LightRig {
  sky: string;
  ground: string;
  hemi: number;
  key: LightSpec;
  fill: LightSpec;
  rim: LightSpec;
  rim2: LightSpec;
}

const studioRig: LightRig = {
  sky: '#fff6ef',
  ground: '#b9a7b4',
  hemi: 1.1,
  key: { position: [-1.2, 1.6, 2.6], color: '#fff0e4', intensity: 2.0 },
  fill: { position: [1.8, 0.4, 2.2], color: '#e6ecff', intensity: 0.9 },
  rim: { position: [1.2, 2.2, -2.2], color: '#ffe8d6', intensity: 2.2 },
  rim2: { position: [-1.4, 2.0, -2.0], color: '#d9e6ff', intensity: 1.4 },
};

/** Light presets: the studio's three-point set, and warmer, cooler and brighter variants of it. */
export const LIGHT_RIGS: Readonly<Record<LightPreset, LightRig>> = {
  studio: studioRig,
  warm: {
    ...studioRig,
    sky: '#ffe9d2',
    ground: '#c3a08c',
    key: { ...studioRig.key, color: '#ffd9b0', intensity: 2.1 },
    fill: { ...studioRig.fill, color: '#ffe6cf', intensity: 0.8 },
    rim: { ...studioRig.rim, color: '#ffc98f' },
    rim2: { ...studioRig.rim2, color: '#ffd9b8', intensity: 1.2 },
  },
  cool: {
    ...studioRig,
    sky: '#eef4ff',
    ground: '#9fa9c4',
    key: { ...studioRig.key, color: '#eef3ff', intensity: 1.9 },
    fill: { ...studioRig.fill, color: '#cfdcff', intensity: 1.0 },
    rim: { ...studioRig.rim, color: '#d6e4ff' },
    rim2: { ...studioRig.rim2, color: '#bcd2ff', intensity: 1.6 },
  },
  bright: {
    ...studioRig,
    hemi: 1.5,
    key: { ...studioRig.key, intensity: 2.5 },
    fill: { ...studioRig.fill, intensity: 1.3 },
    rim: { ...studioRig.rim, intensity: 2.4 },
  },
};
