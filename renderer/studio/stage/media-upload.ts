import type { HostBridge } from '../../bridge';

/** What the studio needs of an uploaded file. */
export interface UploadedMedia {
  id: string;
  fileName: string;
}

export type MediaUploader = (kind: 'image' | 'video', file: Blob, fileName: string) => Promise<UploadedMedia>;
export type FileUrl = (mediaId: string) => string;

/** The bridge's media functions (`uploadFile`, `fileUrl`), bound; null on a bridge without them. */
export function mediaOf(bridge: HostBridge): { upload: MediaUploader; fileUrl: FileUrl } | null {
  if (typeof bridge.uploadFile !== 'function' || typeof bridge.fileUrl !== 'function') return null;
  return {
    upload: (kind, file, fileName) => bridge.uploadFile(kind, file, fileName),
    fileUrl: (id) => bridge.fileUrl(id),
  };
}
