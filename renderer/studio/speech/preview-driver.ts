import * as THREE from 'three';
import { restPose } from '../../../shared/lipsync';
import { AvatarAnimator, meshMouthOpenness, type FrameInput } from '../../stage/avatar/animator';
import type { AvatarRig } from '../../stage/avatar/rig';
import type { PreviewPlayer } from './preview-player';

/**
 * Per frame: drives the avatar from the preview player on the audio clock (the program stage's
 * animator), and writes the mouth opening into the meter and the `data-mouth-peak` attribute the
 * end-to-end tests read. Allocates nothing per frame.
 */
export class PreviewDriver {
  private readonly animator: AvatarAnimator;
  private readonly scratch = restPose();
  private readonly input: FrameInput = { dtMs: 0, timeS: 0, lineTimeMs: null, lineDurationMs: null, track: null, level: 0, camera: new THREE.Vector3() };
  private peak = 0;
  private meter: HTMLElement | null = null;
  private host: HTMLElement | null = null;

  constructor(
    private readonly avatar: AvatarRig,
    private readonly player: PreviewPlayer,
  ) {
    this.animator = new AvatarAnimator(avatar);
  }

  attach(meter: HTMLElement | null, host: HTMLElement | null): void {
    this.meter = meter;
    this.host = host;
  }

  frame(dtMs: number, timeS: number, camera: THREE.Camera): void {
    const input = this.input;
    input.dtMs = dtMs;
    input.timeS = timeS;
    input.lineTimeMs = this.player.lineTimeMs();
    input.lineDurationMs = this.player.lineDurationMs();
    input.track = this.player.track;
    input.level = this.player.level();
    camera.getWorldPosition(input.camera);
    this.animator.update(input);
    const open = meshMouthOpenness(this.avatar.mouthMesh, this.scratch);
    if (input.track !== null) {
      this.peak = Math.max(this.peak, open);
      if (this.host) this.host.dataset['mouthPeak'] = this.peak.toFixed(3);
    } else this.peak = 0;
    if (this.meter) this.meter.style.width = `${Math.round(Math.min(1, open) * 100)}%`;
  }
}
