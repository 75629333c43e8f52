import type { HostBridge } from '../bridge';

/** The URL of an imported file (background picture, logo, QR code) by its media id. */
export type FileUrl = (mediaId: string) => string;

/** The bridge's `fileUrl`, bound (the stage passes it down to the scene and overlays). */
export function fileUrlOf(bridge: HostBridge): FileUrl {
  return (mediaId) => bridge.fileUrl(mediaId);
}
