/** Kept apart from media-protocol.ts so the preload bundle does not pull in node:fs. */
export const MEDIA_SCHEME = 'stagehost-media';
export const MEDIA_HOST = 'utterance';
/** Second host name of the scheme: imported files (avatars, images, videos, thumbnails) by media id. */
export const FILE_HOST = 'file';
/** IPC channel of bridge.uploadFile: `{ kind, fileName, bytes }` in, `{ ok, item | error }` out. */
export const UPLOAD_CHANNEL = 'stagehost:upload';

export function mediaUrl(audioId: string): string {
  return `${MEDIA_SCHEME}://${MEDIA_HOST}/${encodeURIComponent(audioId)}`;
}

export function fileUrl(mediaId: string): string {
  return `${MEDIA_SCHEME}://${FILE_HOST}/${encodeURIComponent(mediaId)}`;
}
