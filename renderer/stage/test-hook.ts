import type * as THREE from 'three';
import type { FrameLog } from './frame-log';
import type { StageSnapshot } from './runtime';

/**
 * Read-only hook for end-to-end tests, always installed (cheap: it only reads state when called):
 * `window.__stagehostStage.snapshot()`.
 */
export interface StageTestHook {
  snapshot(): StageSnapshot;
  /** Frame records written since `from` (5 numbers each: clockMs, lineTimeMs, mouthOpen, level, lineToken); null without `?framelog=1`. */
  frames(from: number): { count: number; frames: number[]; outputLatencyMs: number } | null;
  /** A line's envelope (5 ms bins by line position, -1 where not analysed), or null. */
  envelope(token: number): number[] | null;
  /** The same bins computed from the line's decoded audio (where the analyser's should be), or null. */
  referenceEnvelope(token: number): number[] | null;
  /** The renderer's live GPU resources (three.js `renderer.info`), or null before the first frame. */
  renderInfo(): RenderInfo | null;
  /** Whether the page is drawing (false while hidden and not captured). */
  drawing(): boolean;
  /** The avatar's scene graph as drawn (bones, morph influences), for tests that read the model itself. */
  avatarRoot(): THREE.Object3D;
}

export interface RenderInfo {
  geometries: number;
  textures: number;
  programs: number;
}

let renderInfoSource: (() => RenderInfo) | null = null;
let drawingNow = true;

/** Set by the scene once its renderer exists. */
export function setRenderInfoSource(source: (() => RenderInfo) | null): () => void {
  renderInfoSource = source;
  return () => {
    if (renderInfoSource === source) renderInfoSource = null;
  };
}

/** Set by the stage when the frame loop pauses or resumes. */
export function setDrawing(drawing: boolean): void {
  drawingNow = drawing;
}

declare global {
  interface Window {
    __stagehostStage?: StageTestHook;
  }
}

export interface TestHookSource {
  snapshot(): StageSnapshot;
  readonly frameLog: FrameLog | null;
  readonly player: { outputLatencyMs(): number };
  readonly avatar: { readonly root: THREE.Object3D };
}

export function installTestHook(source: TestHookSource): () => void {
  const hook: StageTestHook = {
    snapshot: () => source.snapshot(),
    frames: (from) => (source.frameLog ? { ...source.frameLog.readFrames(from), outputLatencyMs: source.player.outputLatencyMs() } : null),
    envelope: (token) => source.frameLog?.readEnvelope(token) ?? null,
    referenceEnvelope: (token) => source.frameLog?.readReferenceEnvelope(token) ?? null,
    renderInfo: () => renderInfoSource?.() ?? null,
    drawing: () => drawingNow,
    avatarRoot: () => source.avatar.root,
  };
  window.__stagehostStage = hook;
  return () => {
    if (window.__stagehostStage === hook) delete window.__stagehostStage;
  };
}
