import * as THREE from 'three';
import { loadAvatar } from '../../stage/avatar/load-avatar';

const SIZE = 256;

/**
 * Renders an imported avatar's head and shoulders into a PNG, off screen (its own small WebGL
 * canvas, disposed afterwards). Loading it the way the stage does also proves the stage can show
 * it: a texture that fails here fails there too, and the error says so.
 */
export async function renderAvatarThumbnail(url: string, blendShapeSet?: 'vrm' | 'arkit' | 'oculus' | 'none'): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const renderer = new THREE.WebGLRenderer({ canvas, alpha: true, antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(SIZE, SIZE, false);
  renderer.outputColorSpace = THREE.SRGBColorSpace;
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xfff6ef, 0xc9b9c4, 1.6));
  const key = new THREE.DirectionalLight(0xfff0e4, 2.2);
  key.position.set(-1.2, 1.6, 2.6);
  scene.add(key);
  const rig = await loadAvatar(url, { blendShapeSet, eyeY: 1.55 }).catch((e: unknown) => {
    renderer.dispose();
    throw e;
  });
  try {
    scene.add(rig.root);
    rig.setSmile(0.4);
    rig.update?.(16, new THREE.Vector3(0, 1.6, 2));
    const camera = new THREE.PerspectiveCamera(24, 1, 0.05, 20);
    const eye = rig.eyeLevel;
    camera.position.set(eye.x, eye.y - 0.05, eye.z + 1.3);
    camera.lookAt(eye.x, eye.y - 0.1, 0);
    renderer.render(scene, camera);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the preview could not be encoded'))), 'image/png'));
  } finally {
    rig.dispose();
    renderer.dispose();
    renderer.forceContextLoss();
  }
}
