import { describe, expect, it } from 'vitest';
import { checkMedia, checkMediaFile, mediaUses, sniffMediaType } from '../../shared/media';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const GLB = new TextEncoder().encode('glTF\u0002\u0000\u0000\u0000');
const MP4 = new Uint8Array([0, 0, 0, 0x20, ...new TextEncoder().encode('ftypisom')]);
const WEBM = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 0, 0, 0]);
const WEBP = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

describe('media checks', () => {
  it('recognises each supported file type by its first bytes', () => {
    expect(sniffMediaType(PNG)).toBe('png');
    expect(sniffMediaType(GLB)).toBe('glb');
    expect(sniffMediaType(MP4)).toBe('mp4');
    expect(sniffMediaType(WEBM)).toBe('webm');
    expect(sniffMediaType(WEBP)).toBe('webp');
    expect(sniffMediaType(JPEG)).toBe('jpeg');
    expect(sniffMediaType(new TextEncoder().encode('hello world'))).toBeNull();
  });

  it('refuses a 300 MB avatar from its size alone, with the sizes for the message', () => {
    const e = checkMediaFile('avatar', 'host.vrm', 300 * 1024 * 1024);
    expect(e?.code).toBe('media-too-large');
    expect(e?.params).toMatchObject({ sizeMb: '300', maxMb: '100' });
    expect(e?.message).toContain('100 MB');
    expect(checkMediaFile('avatar', 'host.vrm', 99 * 1024 * 1024)).toBeNull();
    expect(checkMediaFile('video', 'loop.mp4', 150 * 1024 * 1024)).toBeNull();
    expect(checkMediaFile('image', 'bg.png', 16 * 1024 * 1024)?.code).toBe('media-too-large');
  });

  it('refuses a wrong extension for the kind, naming the allowed ones', () => {
    const e = checkMediaFile('image', 'movie.mp4', 1000);
    expect(e?.code).toBe('media-bad-extension');
    expect(String(e?.params.allowed)).toContain('.png');
    expect(checkMediaFile('avatar', 'noext', 1000)?.code).toBe('media-bad-extension');
    expect(checkMediaFile('avatar', 'empty.glb', 0)?.code).toBe('media-empty');
  });

  it('refuses a file whose content is not what its extension claims', () => {
    const e = checkMedia('avatar', 'fake.glb', 1000, PNG);
    expect(e?.code).toBe('media-bad-content');
    expect(e?.params).toMatchObject({ expected: 'GLB/VRM', actual: 'PNG' });
    expect(checkMedia('avatar', 'real.VRM', 1000, GLB)).toBeNull();
    expect(checkMedia('image', 'photo.jpg', 1000, JPEG)).toBeNull();
    expect(checkMedia('image', 'photo.jpg', 1000, PNG)?.code).toBe('media-bad-content');
    expect(checkMedia('video', 'loop.webm', 1000, WEBM)).toBeNull();
  });

  it('says where a file is used on the stage', () => {
    const stage = { avatarId: 'avatar-1', background: { kind: 'image', mediaId: 'image-1' }, logoMediaId: 'image-1', qrMediaId: null };
    expect(mediaUses(stage, 'image-1')).toEqual(['background', 'logo']);
    expect(mediaUses(stage, 'avatar-1')).toEqual(['avatar']);
    expect(mediaUses(stage, 'other')).toEqual([]);
  });
});
