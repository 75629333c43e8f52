import { base64ToBytes } from '../../../shared/import';

/** Hands a file to the browser's download (the renderer never touches the file system itself). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(text: string, fileName: string, mime = 'application/json'): void {
  downloadBlob(new Blob([text], { type: mime }), fileName);
}

export function downloadBase64(base64: string, fileName: string, mime: string): void {
  const bytes = base64ToBytes(base64);
  downloadBlob(new Blob([bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer], { type: mime }), fileName);
}
