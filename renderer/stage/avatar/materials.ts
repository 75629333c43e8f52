import * as THREE from 'three';

/** The default host's palette (sRGB hex). Change colours here to restyle the avatar. */
export const PALETTE = {
  skin: 0xf6d3bf,
  skinShade: 0xe9b49d,
  blush: 0xf3a29a,
  lip: 0xe2918a,
  lipDark: 0xb8646a,
  hair: 0x3a2622,
  hairLight: 0x6f4a3c,
  brow: 0x3b2520,
  lash: 0x1d1212,
  iris: 0x7a4a2a,
  irisLight: 0xd89a55,
  sclera: 0xf7f3ef,
  mouthInside: 0x4a1b20,
  tongue: 0xc76a6c,
  teeth: 0xf6f2ea,
  blazer: 0x3d64a8,
  blazerDark: 0x31528c,
  shirt: 0xf7f5f2,
  mic: 0x202124,
} as const;

export interface AvatarMaterials {
  skin: THREE.MeshStandardMaterial;
  hair: THREE.MeshStandardMaterial;
  brow: THREE.MeshStandardMaterial;
  lash: THREE.MeshStandardMaterial;
  sclera: THREE.MeshStandardMaterial;
  mouthInside: THREE.MeshStandardMaterial;
  tongue: THREE.MeshStandardMaterial;
  teeth: THREE.MeshStandardMaterial;
  blazer: THREE.MeshStandardMaterial;
  shirt: THREE.MeshStandardMaterial;
  mic: THREE.MeshStandardMaterial;
  metal: THREE.MeshStandardMaterial;
}

export function createMaterials(): AvatarMaterials {
  return {
    // Skin colour comes from vertex colours (blush, lips, shading), so the base colour is white.
    // Plain standard materials and no environment map: the stage must also run in software
    // rendering (headless rooms, CI), where every per-pixel feature costs real time.
    skin: new THREE.MeshStandardMaterial({
      color: 0xffffff,
      vertexColors: true,
      roughness: 0.62,
      metalness: 0,
      // A touch of warm self-light stands in for subsurface scattering (no harsh dark shading).
      emissive: new THREE.Color(0x4a1a0c),
      emissiveIntensity: 0.35,
    }),
    hair: new THREE.MeshStandardMaterial({
      color: 0xffffff,
      vertexColors: true,
      roughness: 0.5,
      metalness: 0,
      side: THREE.DoubleSide,
    }),
    brow: new THREE.MeshStandardMaterial({ color: PALETTE.brow, roughness: 0.8 }),
    lash: new THREE.MeshStandardMaterial({ color: PALETTE.lash, roughness: 0.6 }),
    sclera: new THREE.MeshStandardMaterial({ color: 0xffffff, vertexColors: true, roughness: 0.28 }),
    // The mouth parts are coloured per vertex (see mouth.ts).
    mouthInside: new THREE.MeshStandardMaterial({ color: 0xffffff, vertexColors: true, roughness: 0.9, side: THREE.DoubleSide }),
    tongue: new THREE.MeshStandardMaterial({ color: 0xffffff, vertexColors: true, roughness: 0.55 }),
    teeth: new THREE.MeshStandardMaterial({
      color: 0xffffff,
      vertexColors: true,
      roughness: 0.35,
      emissive: 0x202020,
      emissiveIntensity: 0.12,
    }),
    blazer: new THREE.MeshStandardMaterial({ color: PALETTE.blazer, roughness: 0.75, side: THREE.DoubleSide }),
    shirt: new THREE.MeshStandardMaterial({ color: PALETTE.shirt, roughness: 0.7, side: THREE.DoubleSide }),
    mic: new THREE.MeshStandardMaterial({ color: PALETTE.mic, roughness: 0.45 }),
    metal: new THREE.MeshStandardMaterial({ color: 0xc9ccd2, roughness: 0.25, metalness: 0.9 }),
  };
}

export function disposeMaterials(m: AvatarMaterials): void {
  for (const mat of Object.values(m)) mat.dispose();
}
