/**
 * Render quality. `high` renders at the device pixel ratio with antialiasing (a real GPU: the
 * merchant's PC). `low` is for software WebGL (SwiftShader/llvmpipe in headless rooms and CI),
 * where every pixel is shaded on the CPU: no antialiasing, fewer lights, and a drawing buffer
 * capped at LOW_PIXEL_BUDGET pixels (scaled up by the browser). `auto` (the default) picks `low`
 * only when the WebGL renderer is a software one.
 */
export type Quality = 'auto' | 'low' | 'high';

export interface RenderSettings {
  level: 'low' | 'high';
  /** Passed to the Canvas as `dpr` for a window of the given CSS size. */
  dpr(width: number, height: number): number | [number, number];
  antialias: boolean;
}

/**
 * Pixels drawn per frame in low quality. In SwiftShader the frame time is mostly per-pixel shading:
 * about 0.12 MP keeps a loaded 2-core machine near 10 frames/s, whatever the window size.
 */
export const LOW_PIXEL_BUDGET = 120_000;

/** Device pixel ratio, at least 1, at most 2. */
const HIGH_DPR: [number, number] = [1, 2];

export function lowDpr(width: number, height: number): number {
  const area = Math.max(1, width * height);
  return Math.min(1, Math.max(0.2, Math.sqrt(LOW_PIXEL_BUDGET / area)));
}

/** True when WebGL runs on the CPU (or is missing). */
export function isSoftwareRenderer(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(name);
  } catch {
    return false;
  }
}

export function renderSettings(quality: Quality, software: () => boolean = isSoftwareRenderer): RenderSettings {
  const level = quality === 'auto' ? (software() ? 'low' : 'high') : quality;
  return level === 'low'
    ? { level, dpr: lowDpr, antialias: false }
    : { level, dpr: () => HIGH_DPR, antialias: true };
}
