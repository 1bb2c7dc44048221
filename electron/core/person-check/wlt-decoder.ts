/**
 * The ID card's photo arrives WLT-encoded (a proprietary wavelet format, 1024 bytes). Decoding it
 * needs the licensed decoder the card-reader vendor ships under the Ministry of Public Security's
 * terms; the project cannot ship one, so the decoder is a plug-in behind this interface.
 */
export interface DecodedPhoto {
  mime: 'image/png' | 'image/jpeg' | 'image/bmp';
  bytes: Uint8Array;
}

export interface WltDecoder {
  /** Shown on the check's screen and in the log (never the photo). */
  readonly name: string;
  /** True for a stand-in that does not decode real cards: the screen says so. */
  readonly test: boolean;
  /** Rejects with WltDecodeError when the bytes are not a photo this decoder can read. */
  decode(photoWlt: Uint8Array): Promise<DecodedPhoto>;
}

export class WltDecodeError extends Error {
  override readonly name = 'WltDecodeError';
}
