import * as THREE from 'three';
import type { HostBridge } from '../bridge';
import { AudioPlayer } from './audio-player';
import { AvatarAnimator, type FrameInput, meshMouthOpenness } from './avatar/animator';
import { createDefaultAvatar } from './avatar/default-avatar';
import type { AvatarRig } from './avatar/rig';
import type { StageParams } from './params';
import { FrameLog } from './frame-log';
import { OverlayStore } from './overlays/overlay-store';
import { StageController } from './stage-controller';
import { restPose } from '../../shared/lipsync';

/** What `window.__stagehostStage.snapshot()` returns (end-to-end tests read it). */
export interface StageSnapshot {
  /** shared/visemes mouthOpenness of the influences read back from the mouth mesh. */
  mouthOpen: number;
  /** The mouth mesh's `closed` influence. */
  closed: number;
  speaking: boolean;
  /** The line loading or playing, else null. */
  lineId: string | null;
  /** AudioContext clock, ms. */
  audioTimeMs: number;
  level: number;
  contextState: string;
  framesRendered: number;
  linesStarted: number;
  linesEnded: number;
}

/**
 * Everything the stage page runs, outside React: the audio player (one AudioContext for the page's
 * life), the host conversation, the avatar and its animator. React components render it and call
 * `frame()` once per rendered frame.
 */
export class StageRuntime {
  readonly player: AudioPlayer;
  readonly controller: StageController;
  readonly avatar: AvatarRig;
  readonly animator: AvatarAnimator;
  readonly overlays: OverlayStore;
  /** Only with `?framelog=1` (bench/lipsync.ts). */
  readonly frameLog: FrameLog | null;
  framesRendered = 0;
  private lastLevel = 0;
  private readonly scratch = restPose();
  private readonly input: FrameInput = {
    dtMs: 0,
    timeS: 0,
    lineTimeMs: null,
    lineDurationMs: null,
    track: null,
    level: 0,
    camera: new THREE.Vector3(),
  };

  constructor(bridge: HostBridge, params: StageParams, opts: { frameLog?: boolean } = {}) {
    this.player = new AudioPlayer({ muted: params.muted });
    this.controller = new StageController(bridge, this.player, params.role);
    this.overlays = new OverlayStore(bridge);
    this.controller.observer = this.overlays;
    if (opts.frameLog) {
      const tap = this.player.tap(FrameLog.fftSize);
      const sampleRate = this.player.context.sampleRate;
      this.frameLog = new FrameLog({ sampleRate, getFloatTimeDomainData: (out) => tap.getFloatTimeDomainData(out) });
    } else this.frameLog = null;
    this.avatar = createDefaultAvatar();
    this.animator = new AvatarAnimator(this.avatar);
  }

  /** One frame: read the audio clock, drive the avatar. No allocation. */
  frame(dtMs: number, timeS: number, camera: THREE.Vector3): void {
    const level = this.player.level();
    this.lastLevel = level;
    const input = this.input;
    input.dtMs = dtMs;
    input.timeS = timeS;
    const lineTimeMs = this.player.lineTimeMs();
    input.lineTimeMs = lineTimeMs;
    input.lineDurationMs = this.player.lineDurationMs();
    input.track = this.controller.track;
    input.level = level;
    input.camera.copy(camera);
    this.animator.update(input);
    this.overlays.tick(lineTimeMs);
    const log = this.frameLog;
    if (log) {
      const mouthOpen = meshMouthOpenness(this.avatar.mouthMesh, this.scratch);
      const position = lineTimeMs === null ? null : lineTimeMs + this.player.outputLatencyMs();
      log.record(this.player.clockMs(), lineTimeMs, mouthOpen, level, this.player.lineToken, position);
    }
    this.framesRendered++;
  }

  snapshot(): StageSnapshot {
    const mesh = this.avatar.mouthMesh;
    const dict = mesh.morphTargetDictionary ?? {};
    const closedIndex = dict['closed'];
    const state = this.controller.getState();
    return {
      mouthOpen: meshMouthOpenness(mesh, this.scratch),
      closed: closedIndex === undefined ? 0 : (mesh.morphTargetInfluences?.[closedIndex] ?? 0),
      speaking: this.animator.speaking,
      lineId: state.phase === 'idle' ? null : state.lineId,
      audioTimeMs: this.player.clockMs(),
      level: this.lastLevel,
      contextState: this.player.state,
      framesRendered: this.framesRendered,
      linesStarted: state.linesStarted,
      linesEnded: state.linesEnded,
    };
  }

  dispose(): void {
    this.controller.dispose();
    this.player.dispose();
    this.avatar.dispose();
  }
}
