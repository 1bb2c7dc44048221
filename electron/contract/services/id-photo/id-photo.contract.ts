/**
 * 证件照上传: a photo taken by the camera (GA 461 sizes), checked and receipted upstream.
 */
import { z } from 'zod';
import { method, result, UPSTREAM_MS } from '../../method.ts';
import { submissionId } from '../shared/request-parts.ts';

/** A GA 461-style ID photo JPEG (358×441, ≤ 40 KB) as base64 fits in 60,000 characters. */
export const MAX_PHOTO_DATA_URL_CHARS = 60_000;

export interface IdPhotoResult {
  /** The photo-receipt number (照片回执号), printed on the slip; '' when the photo was refused. */
  receiptNo: string;
  accepted: boolean;
  checks: { check: 'face' | 'background' | 'size' | 'exposure' | 'format'; passed: boolean }[];
  submittedAt: string;
  /**
   * The photo receipt's public page (回执 / pickup page, keyed by the receipt number; never the
   * photo itself), offered as a QR code when the printer cannot print. Only for an accepted photo.
   */
  resultUrl?: string;
}

export const idPhotoMethods = {
  uploadIdPhoto: method({
    service: 'id-photo',
    access: 'citizen',
    enabledBy: ['id-photo'],
    tally: 'id-photo',
    timeoutMs: UPSTREAM_MS,
    request: z
      .object({
        submissionId,
        photoJpeg: z
          .string()
          .max(MAX_PHOTO_DATA_URL_CHARS, 'photo too large')
          .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a JPEG data URL'),
      })
      .strict(),
    result: result<IdPhotoResult>(),
  }),
} as const;
