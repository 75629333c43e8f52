import * as THREE from 'three';
import type { AvatarLoadReport } from '../../shared/api-stage';
import type { HostBridge } from '../bridge';
import { AudioPlayer } from './audio-player';
import { AvatarAnimator, type FrameInput } from './avatar/animator';
import { createDefaultAvatar } from './avatar/default-avatar';
import type { GestureName, Emotion } from './avatar/gestures';
import { loadAvatar } from './avatar/load-avatar';
import type { AvatarKind, AvatarRig } from './avatar/rig';
import type { StageParams } from './params';
import { FrameLog } from './frame-log';
import { OverlayStore } from './overlays/overlay-store';
import { StageController } from './stage-controller';
import { restPose } from '../../shared/lipsync';
import { cueTimesMs } from '../../shared/cue-timing';
import type { BlendFrames } from '../../shared/blend-shapes';
import type { TimingTrack } from '../../shared/timing';

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
  /**
   * The avatar on air (id null = the built-in host) and, when the last chosen avatar could not be
   * loaded, which one and why (the previous avatar then stays on air). `loadingId` while loading.
   */
  avatar: { id: string | null; kind: AvatarKind; loadingId: string | null; failedId: string | null; error: string | null };
  gesture: GestureName | null;
  /** Position in the line playing on the audio clock, ms; null when nothing plays. */
  lineTimeMs: number | null;
  emotion: Emotion;
  /** The program volume the stage applies (settings.stage.volume, 0..1). */
  volume: number;
}

export interface AvatarStatus {
  id: string | null;
  kind: AvatarKind;
  loadingId: string | null;
  failedId: string | null;
  error: string | null;
}

/**
 * Everything the stage page runs, outside React: the audio player (one AudioContext for the page's
 * life), the host conversation, the avatar and its animator. React components render it and call
 * `frame()` once per rendered frame.
 */
export class StageRuntime {
  readonly player: AudioPlayer;
  readonly controller: StageController;
  readonly overlays: OverlayStore;
  private currentAvatar: AvatarRig;
  private currentAnimator: AvatarAnimator;
  private avatarStatus: AvatarStatus = { id: null, kind: 'default', loadingId: null, failedId: null, error: null };
  private readonly avatarListeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  /** The avatar id asked for last (undefined before the settings were read). */
  private wantedAvatar: string | null | undefined = undefined;
  private avatarGeneration = 0;
  /** The last avatar load told to the host (told again after a reconnect). */
  private lastAvatarReport: AvatarLoadReport | null = null;
  /** Where the default host's eyes are: imported avatars are fitted to it (the camera presets frame it). */
  private readonly eyeY: number;
  private disposed = false;
  private readonly holder = new THREE.Group();
  private readonly eyeLevel = new THREE.Vector3();
  private readonly avatarView: AvatarRig;
  /** Only with `?framelog=1` (bench/lipsync.ts). */
  readonly frameLog: FrameLog | null;
  framesRendered = 0;
  private lastLevel = 0;
  private readonly scratch = restPose();
  /** The last cue's track and blend-shape frames (the frames apply while that track plays). */
  private cueTrack: TimingTrack | null = null;
  private cueFrames: BlendFrames | null = null;
  private readonly input: FrameInput = {
    dtMs: 0,
    timeS: 0,
    lineTimeMs: null,
    lineDurationMs: null,
    track: null,
    level: 0,
    camera: new THREE.Vector3(),
  };

  constructor(
    private readonly bridge: HostBridge,
    params: StageParams,
    opts: { frameLog?: boolean } = {},
  ) {
    this.player = new AudioPlayer({ muted: params.muted });
    this.controller = new StageController(bridge, this.player, params.role);
    this.overlays = new OverlayStore(bridge);
    const overlays = this.overlays;
    // The overlays follow the lines; the animator takes each line's gestures and emotion.
    this.controller.observer = {
      lineStarted: (cue) => {
        // Each cue's time on the line's clock: the word where it was written (s).
        const cueTimesS = cue.cueAt ? cueTimesMs(cue.text, cue.cueAt, cue.track).map((ms) => ms / 1000) : undefined;
        this.currentAnimator.lineStarted(cue.cues, cue.productId, cue.emotion, cueTimesS);
        this.cueTrack = cue.track;
        this.cueFrames = cue.blendShapes ?? null;
        overlays.lineStarted(cue);
      },
      lineEnded: (cue) => overlays.lineEnded(cue),
      captionCleared: () => overlays.captionCleared(),
      halted: () => overlays.halted(),
    };
    if (opts.frameLog) {
      const tap = this.player.tap(FrameLog.fftSize);
      const sampleRate = this.player.context.sampleRate;
      this.frameLog = new FrameLog({
        sampleRate,
        getFloatTimeDomainData: (out) => tap.getFloatTimeDomainData(out),
        lineSamples: () => {
          const buffer = this.player.lineBuffer();
          return buffer ? { samples: buffer.getChannelData(0), sampleRate: buffer.sampleRate } : null;
        },
      });
    } else this.frameLog = null;
    this.currentAvatar = createDefaultAvatar();
    this.eyeY = this.currentAvatar.eyeLevel.y;
    this.currentAnimator = new AvatarAnimator(this.currentAvatar);
    this.holder.name = 'avatar';
    this.holder.add(this.currentAvatar.root);
    this.eyeLevel.copy(this.currentAvatar.eyeLevel);
    this.avatarView = this.createView();
    this.watchAvatarSetting();
  }

  /**
   * The avatar on air, as a stable view: `root` is a holder group that always contains the current
   * avatar's root (so a scene that rendered `runtime.avatar.root` once shows every later avatar),
   * `eyeLevel` a vector updated on each swap; everything else delegates to the current rig.
   */
  get avatar(): AvatarRig {
    return this.avatarView;
  }

  /** The rig on air itself (changes on every swap). */
  get currentRig(): AvatarRig {
    return this.currentAvatar;
  }

  get animator(): AvatarAnimator {
    return this.currentAnimator;
  }

  private createView(): AvatarRig {
    const rt = (): AvatarRig => this.currentAvatar;
    return {
      root: this.holder,
      eyeLevel: this.eyeLevel,
      get mouthMesh() {
        return rt().mouthMesh;
      },
      get head() {
        return rt().head;
      },
      get chest() {
        return rt().chest;
      },
      get eyes() {
        return rt().eyes;
      },
      get kind() {
        return rt().kind;
      },
      get mouth() {
        return rt().mouth;
      },
      setBlink: (w) => rt().setBlink(w),
      setSmile: (w) => rt().setSmile(w),
      setBrows: (r) => rt().setBrows(r),
      dispose: () => rt().dispose(),
    };
  }

  /** Called whenever the avatar on air or its status changes. */
  subscribeAvatar = (listener: () => void): (() => void) => {
    this.avatarListeners.add(listener);
    return () => this.avatarListeners.delete(listener);
  };

  getAvatarStatus = (): AvatarStatus => this.avatarStatus;

  private setStatus(patch: Partial<AvatarStatus>): void {
    this.avatarStatus = { ...this.avatarStatus, ...patch };
    for (const l of this.avatarListeners) l();
  }

  /**
   * Puts `rig` on air: a new animator (keeping the mood), the old avatar taken out of the scene
   * and its geometries, materials and textures disposed.
   */
  setAvatar(rig: AvatarRig, id: string | null): void {
    if (this.disposed) {
      rig.dispose();
      return;
    }
    const old = this.currentAvatar;
    const emotion = this.currentAnimator.emotion;
    this.currentAvatar = rig;
    this.currentAnimator = new AvatarAnimator(rig);
    this.currentAnimator.emotion = emotion;
    this.holder.remove(old.root);
    this.holder.add(rig.root);
    this.eyeLevel.copy(rig.eyeLevel);
    old.dispose();
    this.setStatus({ id, kind: rig.kind ?? 'default', loadingId: null, failedId: null, error: null });
    this.reportAvatar({ avatarId: id, ok: true, role: this.controller.role });
  }

  /** Tells the host how an avatar load went, so the studio can tell the merchant (stage.avatarStatus). */
  private reportAvatar(report: AvatarLoadReport): void {
    this.lastAvatarReport = report;
    this.sendAvatarReport();
  }

  private sendAvatarReport(): void {
    const report = this.lastAvatarReport;
    if (report === null || this.disposed) return;
    this.bridge.call('stage.avatarStatus', report).catch((err: unknown) => {
      console.warn(`stage: could not tell the host about the avatar (${err instanceof Error ? err.message : String(err)})`);
    });
  }

  /** Follows settings.stage.avatarId and .volume: at every (re)connection and on every library change. */
  private watchAvatarSetting(): void {
    const bridge = this.bridge;
    this.cleanups.push(
      bridge.onConnection((connected) => {
        if (!connected) return;
        // A host that restarted knows nothing of the avatar on air here.
        this.sendAvatarReport();
        bridge.call('library.snapshot', {}).then(
          (snapshot) => {
            this.player.setVolume(snapshot.settings.stage.volume);
            this.wantAvatar(snapshot.settings.stage.avatarId);
          },
          (err: unknown) => console.warn(`stage: could not read the avatar setting (${err instanceof Error ? err.message : String(err)})`),
        );
      }),
      bridge.on('library.changed', (snapshot) => {
        this.player.setVolume(snapshot.settings.stage.volume);
        this.wantAvatar(snapshot.settings.stage.avatarId);
      }),
    );
  }

  /** Loads the avatar `id` (null = the built-in host) unless it is already on air or loading. */
  wantAvatar(id: string | null): void {
    if (this.disposed) return;
    if (id === this.wantedAvatar) {
      // The setting went back to the avatar on air after a failed load: the failure is over.
      const status = this.avatarStatus;
      if (status.failedId !== null && status.loadingId === null && id === status.id) {
        this.setStatus({ failedId: null, error: null });
        this.reportAvatar({ avatarId: id, ok: true, role: this.controller.role });
      }
      return;
    }
    this.wantedAvatar = id;
    const generation = ++this.avatarGeneration;
    if (id === null) {
      if (this.avatarStatus.id !== null) this.setAvatar(createDefaultAvatar(), null);
      else {
        this.setStatus({ loadingId: null, failedId: null, error: null });
        this.reportAvatar({ avatarId: null, ok: true, role: this.controller.role });
      }
      return;
    }
    this.setStatus({ loadingId: id });
    void this.loadImported(id, generation);
  }

  private async loadImported(id: string, generation: number): Promise<void> {
    let rig: AvatarRig;
    try {
      let blendShapeSet: 'vrm' | 'arkit' | 'oculus' | 'none' | undefined;
      try {
        blendShapeSet = (await this.bridge.call('avatar.inspect', { id })).inspection.blendShapeSet;
      } catch (e) {
        // Not in the library (any more), or an older host: the model is looked at again when loaded.
        if ((e as { code?: unknown }).code === 'not-found') throw e;
      }
      rig = await loadAvatar(this.bridge.fileUrl(id), { blendShapeSet, eyeY: this.eyeY });
    } catch (e) {
      if (generation !== this.avatarGeneration) return;
      const message = e instanceof Error ? e.message : String(e);
      console.warn(`stage: the avatar ${id} could not be loaded; the previous one stays on air (${message})`);
      // Asking for the same id again (e.g. after the merchant fixed the file) retries.
      this.wantedAvatar = this.avatarStatus.id;
      this.setStatus({ loadingId: null, failedId: id, error: message });
      this.reportAvatar({ avatarId: id, ok: false, error: message.slice(0, 2000), role: this.controller.role });
      return;
    }
    if (generation !== this.avatarGeneration || this.disposed) {
      rig.dispose();
      return;
    }
    this.setAvatar(rig, id);
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
    input.blendShapes = input.track !== null && input.track === this.cueTrack ? this.cueFrames : null;
    input.level = level;
    input.camera.copy(camera);
    this.animator.update(input);
    this.overlays.tick(lineTimeMs);
    const log = this.frameLog;
    if (log) {
      const mouthOpen = this.currentAnimator.mouthOpenness(this.scratch);
      const position = lineTimeMs === null ? null : lineTimeMs + this.player.outputLatencyMs();
      log.record(this.player.clockMs(), lineTimeMs, mouthOpen, level, this.player.lineToken, position);
    }
    this.framesRendered++;
  }

  snapshot(): StageSnapshot {
    const mesh = this.avatar.mouthMesh;
    const dict = mesh.morphTargetDictionary ?? {};
    const closedIndex = this.avatar.mouth ? undefined : dict['closed'];
    const state = this.controller.getState();
    const { id, kind, loadingId, failedId, error } = this.avatarStatus;
    return {
      mouthOpen: this.currentAnimator.mouthOpenness(this.scratch),
      closed: closedIndex === undefined ? 0 : (mesh.morphTargetInfluences?.[closedIndex] ?? 0),
      speaking: this.animator.speaking,
      lineId: state.phase === 'idle' ? null : state.lineId,
      audioTimeMs: this.player.clockMs(),
      level: this.lastLevel,
      contextState: this.player.state,
      framesRendered: this.framesRendered,
      linesStarted: state.linesStarted,
      linesEnded: state.linesEnded,
      avatar: { id, kind, loadingId, failedId, error },
      gesture: this.animator.currentGesture,
      lineTimeMs: this.player.lineTimeMs(),
      emotion: this.animator.emotion,
      volume: this.player.volume,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.avatarGeneration++;
    for (const fn of this.cleanups.splice(0)) fn();
    this.avatarListeners.clear();
    this.controller.dispose();
    this.player.dispose();
    this.avatar.dispose();
  }
}
