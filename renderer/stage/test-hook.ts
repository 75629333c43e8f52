import type { StageSnapshot } from './runtime';

/**
 * Read-only hook for end-to-end tests, always installed (cheap: it only reads state when called):
 * `window.__stagehostStage.snapshot()`.
 */
export interface StageTestHook {
  snapshot(): StageSnapshot;
}

declare global {
  interface Window {
    __stagehostStage?: StageTestHook;
  }
}

export function installTestHook(source: { snapshot(): StageSnapshot }): () => void {
  const hook: StageTestHook = { snapshot: () => source.snapshot() };
  window.__stagehostStage = hook;
  return () => {
    if (window.__stagehostStage === hook) delete window.__stagehostStage;
  };
}
