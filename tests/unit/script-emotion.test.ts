import { describe, expect, it } from 'vitest';
import { EMOTIONS, lineEmotion, readCues } from '../../renderer/stage/avatar/gestures';
import { ScriptEmotionSchema } from '../../shared/domain';
import { AvatarAnimator } from '../../renderer/stage/avatar/animator';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import { morphHeadGlb, OCULUS_NAMES } from '../support/glb';

describe('the host’s mood for a line', () => {
  it('the script’s emotions are the stage’s emotions', () => {
    expect([...ScriptEmotionSchema.options]).toEqual([...EMOTIONS]);
  });

  it('a cue in the line wins; else the script’s emotion; else the mood carries over the same product and falls back to a smile', () => {
    const cue = (cues: string[]) => readCues(cues).emotion;
    // The script's emotion holds for every line without a cue, whatever came before.
    expect(lineEmotion('excited', cue([]), 'neutral', true)).toBe('neutral');
    expect(lineEmotion('smile', cue(['wave']), 'excited', false)).toBe('excited');
    // A cue overrides it for that line…
    expect(lineEmotion('neutral', cue(['excited']), 'neutral', true)).toBe('excited');
    // …and the next line of the same script is back to the script's emotion.
    expect(lineEmotion('excited', cue([]), 'neutral', true)).toBe('neutral');
    // A script without an emotion: as before (kept for the product, a smile for a new one).
    expect(lineEmotion('excited', cue([]), undefined, true)).toBe('excited');
    expect(lineEmotion('excited', cue([]), undefined, false)).toBe('smile');
    expect(lineEmotion('smile', cue(['neutral']), undefined, false)).toBe('neutral');
  });
});

describe('the animator takes the script’s emotion from the cue', () => {
  it('holds the script’s emotion over its lines; a cue in a line wins for that line only', async () => {
    const glb = morphHeadGlb(OCULUS_NAMES);
    const rig = await parseAvatar(glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer, { eyeY: 1.55 });
    const animator = new AvatarAnimator(rig);
    expect(animator.emotion).toBe('smile');
    animator.lineStarted([], 'mug', 'neutral');
    expect(animator.emotion).toBe('neutral');
    animator.lineStarted(['excited', 'wave'], 'mug', 'neutral');
    expect(animator.emotion).toBe('excited');
    animator.lineStarted([], 'mug', 'neutral');
    expect(animator.emotion).toBe('neutral');
    // Another script without an emotion, same product: the mood is kept, as before scripts had one.
    animator.lineStarted([], 'mug');
    expect(animator.emotion).toBe('neutral');
    animator.lineStarted([], 'kettle');
    expect(animator.emotion).toBe('smile');
    rig.dispose();
  });
});
