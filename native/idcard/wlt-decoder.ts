/**
 * The card photo is stored in the proprietary WLT format; only licensed vendor libraries decode it.
 * The kiosk keeps the raw bytes and decodes through whatever decoder a deployment plugs in.
 */

export interface DecodedPhoto {
  mime: string;
  bytes: Uint8Array;
}

export interface WltDecoder {
  decode(wlt: Uint8Array): Promise<DecodedPhoto>;
}

export class WltDecoderUnavailableError extends Error {
  override readonly name = 'WltDecoderUnavailableError';
  readonly code = 'wlt-decoder-unavailable';
}

/** The default: refuses clearly instead of producing a fake picture. */
export class UnavailableWltDecoder implements WltDecoder {
  decode(wlt: Uint8Array): Promise<DecodedPhoto> {
    return Promise.reject(
      new WltDecoderUnavailableError(
        `no WLT decoder configured: cannot decode the ${wlt.length}-byte card photo (install a licensed decoder)`,
      ),
    );
  }
}
