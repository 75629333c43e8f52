/**
 * The studio backdrop, painted once into a canvas (and again on resize): a warm-to-cool gradient,
 * a soft glow behind the host, out-of-focus "bokeh" lights and a gentle vignette. Painting it once
 * keeps the per-frame cost to one texture fetch per pixel (it matters in software rendering).
 */

/** Deterministic pseudo-random numbers in [0, 1). */
function hash(n: number): number {
  const x = Math.sin(n) * 43758.5453123;
  return x - Math.floor(x);
}

export interface BackdropOptions {
  width: number;
  height: number;
  /** Where the glow sits, in 0..1 of the width and height (y down). */
  focusX: number;
  focusY: number;
}

export function paintBackdrop(ctx: CanvasRenderingContext2D, o: BackdropOptions): void {
  const { width: w, height: h } = o;
  const g = ctx.createLinearGradient(0, 0, 0, h);
  g.addColorStop(0, '#fde9df');
  g.addColorStop(0.45, '#f6d8d3');
  g.addColorStop(1, '#b8bfe3');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);

  // Soft glow behind the host's head.
  const r = Math.max(w, h) * 0.55;
  const glow = ctx.createRadialGradient(o.focusX * w, o.focusY * h, 0, o.focusX * w, o.focusY * h, r);
  glow.addColorStop(0, 'rgba(255, 248, 240, 0.85)');
  glow.addColorStop(0.45, 'rgba(255, 240, 230, 0.25)');
  glow.addColorStop(1, 'rgba(255, 240, 230, 0)');
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, w, h);

  // Bokeh: soft discs with a brighter rim, warm and cool, kept away from the face.
  const unit = Math.min(w, h);
  for (let i = 0; i < 22; i++) {
    const x = hash(i * 3.1 + 1) * w;
    const y = hash(i * 7.7 + 2) * h;
    const dx = (x / w - o.focusX) * (w / unit);
    const dy = (y / h - o.focusY) * (h / unit);
    if (dx * dx + dy * dy < 0.05) continue;
    const radius = unit * (0.03 + 0.075 * hash(i * 1.9 + 5));
    const warm = hash(i * 4.3) < 0.6;
    const alpha = 0.12 + 0.16 * hash(i * 9.1);
    const colour = warm ? '255, 226, 190' : '205, 220, 255';
    const disc = ctx.createRadialGradient(x, y, radius * 0.2, x, y, radius);
    disc.addColorStop(0, `rgba(${colour}, ${alpha * 0.7})`);
    disc.addColorStop(0.82, `rgba(${colour}, ${alpha})`);
    disc.addColorStop(0.92, `rgba(${colour}, ${alpha * 1.25})`);
    disc.addColorStop(1, `rgba(${colour}, 0)`);
    ctx.fillStyle = disc;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.fill();
  }

  // Vignette.
  const v = ctx.createRadialGradient(w / 2, h * 0.45, unit * 0.35, w / 2, h * 0.45, Math.hypot(w, h) * 0.62);
  v.addColorStop(0, 'rgba(40, 30, 60, 0)');
  v.addColorStop(1, 'rgba(40, 30, 60, 0.28)');
  ctx.fillStyle = v;
  ctx.fillRect(0, 0, w, h);
}
