/**
 * Azure's 22 viseme ids (the same space Windows SAPI reports) and their mapping to the five
 * VRM mouth shapes (aa, ih, ou, ee, oh) plus a lip closure, which every avatar we drive understands.
 * See https://learn.microsoft.com/azure/ai-services/speech-service/how-to-speech-synthesis-viseme
 */

export const VISEME_COUNT = 22;

/** Human-readable label of each viseme id: the phonemes Azure lists for it (en-US). */
export const VISEME_LABELS: readonly string[] = [
  'silence', // 0
  'æ ə ʌ', // 1
  'ɑ', // 2
  'ɔ', // 3
  'ɛ ʊ', // 4
  'ɝ', // 5
  'j i ɪ', // 6
  'w u', // 7
  'o', // 8
  'aʊ', // 9
  'ɔɪ', // 10
  'aɪ', // 11
  'h', // 12
  'ɹ', // 13
  'l', // 14
  's z', // 15
  'ʃ tʃ dʒ ʒ', // 16
  'ð', // 17
  'f v', // 18
  'd t n θ', // 19
  'k g ŋ', // 20
  'p b m', // 21
];

export const SILENCE_VISEME = 0;

export const MOUTH_SHAPES = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;
export type MouthShape = (typeof MOUTH_SHAPES)[number];

/** Weights of the five VRM mouth shapes and of a lip closure (1 = lips pressed together). */
export interface MouthPose {
  aa: number;
  ih: number;
  ou: number;
  ee: number;
  oh: number;
  closed: number;
}

export const REST_POSE: Readonly<MouthPose> = Object.freeze({ aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, closed: 0 });

function pose(p: Partial<MouthPose>): Readonly<MouthPose> {
  return Object.freeze({ ...REST_POSE, ...p });
}

/** The mouth pose at the centre of each viseme. Index = Azure viseme id. */
export const VISEME_POSES: readonly Readonly<MouthPose>[] = [
  pose({}), // 0 silence
  pose({ aa: 0.55, ih: 0.2 }), // 1 æ ə ʌ
  pose({ aa: 0.9 }), // 2 ɑ
  pose({ oh: 0.7, aa: 0.3 }), // 3 ɔ
  pose({ ee: 0.45, ih: 0.25 }), // 4 ɛ ʊ
  pose({ ou: 0.35, ee: 0.2, aa: 0.2 }), // 5 ɝ
  pose({ ih: 0.6, ee: 0.3 }), // 6 j i ɪ
  pose({ ou: 0.85 }), // 7 w u
  pose({ oh: 0.85 }), // 8 o
  pose({ aa: 0.65, ou: 0.3 }), // 9 aʊ
  pose({ oh: 0.6, ih: 0.3 }), // 10 ɔɪ
  pose({ aa: 0.7, ih: 0.3 }), // 11 aɪ
  pose({ aa: 0.35 }), // 12 h
  pose({ ou: 0.45 }), // 13 ɹ
  pose({ aa: 0.3, ih: 0.2 }), // 14 l
  pose({ ih: 0.45, ee: 0.2 }), // 15 s z
  pose({ ou: 0.5, ih: 0.2 }), // 16 ʃ tʃ dʒ ʒ
  pose({ ih: 0.3, aa: 0.15 }), // 17 ð
  pose({ ih: 0.2, closed: 0.45 }), // 18 f v
  pose({ ih: 0.3, aa: 0.15 }), // 19 d t n θ
  pose({ aa: 0.3, ih: 0.2 }), // 20 k g ŋ
  pose({ closed: 1 }), // 21 p b m
];

export function visemePose(id: number): Readonly<MouthPose> {
  return VISEME_POSES[id] ?? REST_POSE;
}

/** How open the mouth is in a pose, 0..1: the largest of the open shapes, less any lip closure. */
export function mouthOpenness(p: Readonly<MouthPose>): number {
  const open = Math.max(p.aa, p.ih * 0.6, p.ou * 0.7, p.ee * 0.6, p.oh * 0.9);
  return Math.max(0, Math.min(1, open * (1 - p.closed)));
}
