/**
 * A QR code as an SVG path (uqr, loaded only when the PA asks for a code), drawn by the component
 * itself: no innerHTML, no network. Error correction 'M' survives a phone screen's glare.
 */
export interface QrDrawing {
  /** Modules per side, the quiet border included. */
  size: number;
  /** One `M x y h1 v1 h-1 z` square per dark module. */
  path: string;
}

export async function drawQr(text: string): Promise<QrDrawing> {
  const { encode } = await import('uqr');
  const qr = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size: qr.size, path };
}
