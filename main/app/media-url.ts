/** Kept apart from media-protocol.ts so the preload bundle does not pull in node:fs. */
export const MEDIA_SCHEME = 'stagehost-media';
export const MEDIA_HOST = 'utterance';

export function mediaUrl(audioId: string): string {
  return `${MEDIA_SCHEME}://${MEDIA_HOST}/${encodeURIComponent(audioId)}`;
}
