/** How the stage window is sized. Pure, so it can be unit-tested. */
export interface StageWindowOptions {
  /** 'fit': 9:16 scaled to fit the screen (default); 'fixed': exact content size for OBS window capture. */
  sizing: 'fit' | 'fixed';
  /** Content size of the stage's picture (design size in fit mode, exact size in fixed mode). */
  width: number;
  height: number;
  frameless: boolean;
}

export const STAGE_DEFAULT_SIZE = { width: 1080, height: 1920 } as const;

function flagValue(argv: readonly string[], name: string): string | null | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === undefined) continue;
    if (a === name) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : null;
    }
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/**
 * Reads `--stage-size[=WxH]` (fixed content size; WxH defaults to 1080x1920) and `--stage-frameless`
 * from the command line; `STAGEHOST_STAGE_SIZE` / `STAGEHOST_STAGE_FRAMELESS=1` do the same.
 */
export function parseStageOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): StageWindowOptions {
  const opts: StageWindowOptions = { sizing: 'fit', ...STAGE_DEFAULT_SIZE, frameless: false };
  const flag = flagValue(argv, '--stage-size');
  const size = flag !== undefined ? flag : env.STAGEHOST_STAGE_SIZE;
  if (size !== undefined) {
    opts.sizing = 'fixed';
    const m = size === null ? null : /^(\d{2,5})x(\d{2,5})$/i.exec(size.trim());
    if (m) {
      opts.width = Math.min(8192, Math.max(64, Number(m[1])));
      opts.height = Math.min(8192, Math.max(64, Number(m[2])));
    }
  }
  const frameless = flagValue(argv, '--stage-frameless');
  if (frameless !== undefined || env.STAGEHOST_STAGE_FRAMELESS === '1') opts.frameless = true;
  return opts;
}

/** Window content size for 'fit' mode: the stage's aspect ratio, at most 92% of the work area, never upscaled. */
export function fitStageSize(
  stage: { width: number; height: number },
  workArea: { width: number; height: number },
): { width: number; height: number } {
  const scale = Math.min(1, (workArea.height * 0.92) / stage.height, (workArea.width * 0.92) / stage.width);
  return { width: Math.max(90, Math.round(stage.width * scale)), height: Math.max(160, Math.round(stage.height * scale)) };
}
