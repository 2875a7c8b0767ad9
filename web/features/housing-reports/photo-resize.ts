/**
 * Photos are shrunk on the phone before they are saved: at most 1600 px on the long side, re-encoded as
 * JPEG through a canvas. Drawing to a canvas keeps only the pixels, so the EXIF data (the GPS position of
 * the home, the phone's make) never leaves the phone. The image is drawn upright (EXIF orientation
 * applied by createImageBitmap), and transparent areas become white. The server checks and re-encodes
 * again (api/modules/housing-reports/photos.ts).
 */
export const PHOTO_MAX_EDGE = 1600;
const JPEG_QUALITY = 0.82;

export class PhotoError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PhotoError'; // (no class field: that would pull a helper into the report chunk)
  }
}

export function fitWithin(width: number, height: number, maxEdge = PHOTO_MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    // Safari before 17 refuses the options object
    return createImageBitmap(file);
  }
}

/** A JPEG Blob of at most 1600 × 1600 px with no metadata. Throws PhotoError if the file is not a picture. */
export async function resizePhoto(file: Blob, maxEdge = PHOTO_MAX_EDGE): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await decode(file);
  } catch (cause) {
    throw new PhotoError('not_a_picture', { cause });
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height, maxEdge);
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      draw(canvas.getContext('2d'), bitmap, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    draw(canvas.getContext('2d'), bitmap, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new PhotoError('encode_failed'))),
        'image/jpeg',
        JPEG_QUALITY,
      ),
    );
  } finally {
    bitmap.close();
  }
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function draw(context: Context2D | null, bitmap: ImageBitmap, width: number, height: number): void {
  if (!context) throw new PhotoError('no_canvas');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
}
