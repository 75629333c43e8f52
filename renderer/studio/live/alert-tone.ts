/** A short two-beep alert tone through WebAudio, and the merchant's mute choice (kept in localStorage). */

const MUTE_KEY = 'stagehost.alertsMuted';
let context: AudioContext | null = null;
let played = 0;

export function alertsMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setAlertsMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

/** How many tones this page has played (shown on the banner for tests and support). */
export function alertTonesPlayed(): number {
  return played;
}

/** Plays the tone unless muted; true when it was played. */
export function playAlertTone(): boolean {
  if (alertsMuted()) return false;
  try {
    context ??= new AudioContext();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume();
    const t0 = ctx.currentTime + 0.02;
    for (const [at, freq] of [
      [0, 880],
      [0.22, 660],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0, t0 + at);
      gain.gain.linearRampToValueAtTime(0.25, t0 + at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.001, t0 + at + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + 0.2);
    }
    played++;
    return true;
  } catch {
    return false;
  }
}
