/** A touch-screen signature (信用承诺, 交通违法处理): the data URL must really hold a PNG of a sane size. */

/** PNG files start with these 8 bytes; a data URL claiming PNG must really be one. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks the decoded image: a PNG whose IHDR says a sane size. Returns the reason when not. */
export function checkSignaturePng(dataUrl: string): { ok: true; width: number; height: number } | { ok: false; reason: string } {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return { ok: false, reason: 'signature is not a PNG image' };
  }
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 50 || height < 20 || width > 4000 || height > 4000) {
    return { ok: false, reason: `signature image size ${width}x${height} is out of range` };
  }
  return { ok: true, width, height };
}
