/**
 * Photos of a home are sensitive: a photo can carry the GPS position of the home in its EXIF data. The phone
 * already resizes and re-encodes them (which drops metadata), but the server trusts nothing it receives:
 * 1. the type is read from the first bytes (magic numbers), never from the file name or the part's type:
 *    JPEG, PNG or WebP only (SVG, GIF, HEIC, text … are refused);
 * 2. at most 10 MB and 24 megapixels (read from the header before decoding, and enforced again by sharp's
 *    `limitInputPixels`, so a decompression bomb is never decoded);
 * 3. the image is fully decoded (a truncated or corrupt file is refused), turned upright from its EXIF
 *    orientation, scaled to fit 1600 × 1600 px and re-encoded as a JPEG with no metadata at all.
 */
import sharp, { type Metadata } from 'sharp';
import { PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS } from '#contract';
import { ApiError } from '../../lib/errors';

export const PHOTO_MAX_EDGE = 1600;

export interface StoredPhoto {
  bytes: Buffer;
  width: number;
  height: number;
  contentType: 'image/jpeg';
}

export type PhotoType = 'jpeg' | 'png' | 'webp';

/** The image type from its first bytes, or null. */
export function sniffImageType(bytes: Uint8Array): PhotoType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/**
 * Checks one photo and returns the bytes to store. Throws ApiError 415 (not a JPEG, PNG or WebP),
 * 413 (too many bytes or pixels) or 400 (cannot be read), naming the field `photos.<index>`.
 */
export async function processPhoto(input: Uint8Array, index: number): Promise<StoredPhoto> {
  const field = `photos.${index}`;
  const refuse = (status: 400 | 413 | 415, code: string, problem: string): never => {
    throw new ApiError(status, code, `Photo ${index + 1}: ${problem}`, { [field]: problem });
  };

  if (input.byteLength > PHOTO_MAX_BYTES) refuse(413, 'photo_too_large', 'is larger than 10 MB');
  const type = sniffImageType(input);
  if (!type) refuse(415, 'unsupported_photo_type', 'must be a JPEG, PNG or WebP picture');

  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return refuse(400, 'unreadable_photo', 'could not be read as a picture');
  }
  if (header.format !== type) {
    refuse(415, 'unsupported_photo_type', 'must be a JPEG, PNG or WebP picture');
  }
  const { width = 0, height = 0 } = header;
  if (width * height > PHOTO_MAX_PIXELS) refuse(413, 'photo_too_large', 'has more than 24 megapixels');

  try {
    const { data, info } = await sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'warning', pages: 1 })
      .autoOrient() // = .rotate() with no angle: upright from the EXIF orientation, before the EXIF is dropped
      .resize({ width: PHOTO_MAX_EDGE, height: PHOTO_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // PNG/WebP transparency → white, since JPEG has no alpha
      .jpeg({ quality: 82, mozjpeg: true })
      // no withMetadata()/keepExif(): sharp writes no EXIF, XMP, IPTC or ICC data
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height, contentType: 'image/jpeg' };
  } catch {
    return refuse(400, 'unreadable_photo', 'is damaged or incomplete');
  }
}
