#!/usr/bin/env node
// Draws StageHost's app icon (build/icon.png, 1024×1024 RGBA) with nothing but Node: a rounded
// square with a violet→coral gradient and a white "speaking host" glyph (head, shoulders and sound
// waves). Shapes are signed-distance fields, so the edges come out anti-aliased. The PNG is encoded
// by hand (zlib + CRC-32). electron-builder turns this PNG into .ico / .icns itself.
//
//   node build/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'icon.png');

// ---- geometry (signed distances: negative inside) ------------------------------------------
const clamp = (v, a, b) => Math.min(b, Math.max(a, v));
const cover = (d) => clamp(0.5 - d, 0, 1); // pixel coverage from a signed distance

function roundedRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}
function ellipse(x, y, cx, cy, rx, ry) {
  // First-order distance estimate: good enough for a one-pixel anti-aliased edge.
  const px = (x - cx) / rx;
  const py = (y - cy) / ry;
  const k = Math.hypot(px, py);
  if (k === 0) return -Math.min(rx, ry);
  const grad = Math.hypot(px / rx, py / ry) / k;
  return (k - 1) / grad;
}
/** An arc of radius R and thickness t with round caps, spanning ±span around angle `dir`. */
function arc(x, y, cx, cy, R, t, dir, span) {
  const dx = x - cx;
  const dy = y - cy;
  let a = Math.atan2(dy, dx) - dir;
  a = Math.atan2(Math.sin(a), Math.cos(a));
  if (Math.abs(a) <= span) return Math.abs(Math.hypot(dx, dy) - R) - t / 2;
  const e1x = cx + R * Math.cos(dir + span);
  const e1y = cy + R * Math.sin(dir + span);
  const e2x = cx + R * Math.cos(dir - span);
  const e2y = cy + R * Math.sin(dir - span);
  return Math.min(Math.hypot(x - e1x, y - e1y), Math.hypot(x - e2x, y - e2y)) - t / 2;
}

// Background: the macOS icon grid (824 px square, radius ≈ 185) centred on the canvas.
const BG = { cx: 512, cy: 512, hw: 412, hh: 412, r: 185 };
const HEAD = { cx: 512, cy: 430, r: 132 };
const SHOULDERS = { cx: 512, cy: 925, rx: 238, ry: 252 };
const WAVES = [
  { R: 205, t: 30 },
  { R: 272, t: 30 },
];
const SPAN = (34 * Math.PI) / 180;

function glyph(x, y) {
  let d = Math.min(circle(x, y, HEAD.cx, HEAD.cy, HEAD.r), ellipse(x, y, SHOULDERS.cx, SHOULDERS.cy, SHOULDERS.rx, SHOULDERS.ry));
  for (const w of WAVES) {
    d = Math.min(d, arc(x, y, HEAD.cx, HEAD.cy, w.R, w.t, 0, SPAN), arc(x, y, HEAD.cx, HEAD.cy, w.R, w.t, Math.PI, SPAN));
  }
  return d;
}

// ---- colour ----------------------------------------------------------------------------------
const TOP = [108, 76, 241]; // violet
const BOTTOM = [255, 94, 126]; // coral
const mix = (a, b, t) => a + (b - a) * t;

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const x = px + 0.5;
    const y = py + 0.5;
    const bg = cover(roundedRect(x, y, BG.cx, BG.cy, BG.hw, BG.hh, BG.r));
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    if (bg > 0) {
      // Diagonal gradient, top-left to bottom-right.
      const t = clamp((x - 100 + (y - 100)) / (2 * 824), 0, 1);
      r = mix(TOP[0], BOTTOM[0], t);
      g = mix(TOP[1], BOTTOM[1], t);
      b = mix(TOP[2], BOTTOM[2], t);
      // A soft drop shadow under the glyph.
      const sd = glyph(x, y - 14);
      const shadow = sd < 0 ? 0.22 : 0.22 * clamp(1 - sd / 28, 0, 1);
      r *= 1 - shadow;
      g *= 1 - shadow;
      b *= 1 - shadow;
      // The white glyph.
      const fg = cover(glyph(x, y));
      r = mix(r, 255, fg);
      g = mix(g, 255, fg);
      b = mix(b, 255, fg);
      a = bg;
    }
    const i = (py * SIZE + px) * 4;
    pixels[i] = Math.round(r);
    pixels[i + 1] = Math.round(g);
    pixels[i + 2] = Math.round(b);
    pixels[i + 3] = Math.round(a * 255);
  }
}

// ---- PNG -------------------------------------------------------------------------------------
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type RGBA
ihdr[10] = 0; // deflate
ihdr[11] = 0; // adaptive filtering
ihdr[12] = 0; // no interlace

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.log(`wrote ${out} (${SIZE}×${SIZE}, ${png.length} bytes)`);
