import { useSyncExternalStore } from 'react';
import type * as THREE from 'three';
import type { AvatarStatus, StageRuntime } from '../runtime';
import type { AvatarRig } from './rig';

/**
 * The avatar on air. `runtime.avatar.root` is already a stable holder that always contains the
 * current avatar, so a scene keeps working without these hooks; they re-render on a swap for
 * components that need the rig itself (e.g. to frame its eyes).
 */
export function useAvatar(runtime: StageRuntime): AvatarRig {
  return useSyncExternalStore(runtime.subscribeAvatar, () => runtime.currentRig);
}

export function useAvatarRoot(runtime: StageRuntime): THREE.Group {
  useAvatar(runtime);
  return runtime.avatar.root;
}

/** Which avatar is on air, which one is loading, and why the last one failed (for status displays). */
export function useAvatarStatus(runtime: StageRuntime): AvatarStatus {
  return useSyncExternalStore(runtime.subscribeAvatar, runtime.getAvatarStatus);
}
