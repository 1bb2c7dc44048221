/**
 * Error codes a call may fail with; the renderer maps each to a localised message. Like
 * channels.ts this file imports nothing, so the renderer and the preload may load it as a value.
 */
export const KIOSK_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'NO_SESSION',
  'DEVICE_UNAVAILABLE',
  'CARD_TIMEOUT',
  'CARD_INVALID',
  'CARD_READ_FAILED',
  'READ_CANCELLED',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_REJECTED',
  'PRINTER_ERROR',
  // Citizen services (issue 5): each names what the screen tells the citizen.
  /** The unified social credit code is malformed or its GB 32100 check character is wrong. */
  'INVALID_CREDIT_CODE',
  /** The licence plate number is not a valid mainland plate. */
  'INVALID_PLATE_NUMBER',
  /** submitForm: values failed the form's rules; validateForm gives the per-field errors. */
  'FORM_INVALID',
  /** The e-licence code is unknown, expired (codes refresh every minute) or not a licence code. */
  'LICENCE_INVALID',
  /** No code was scanned in time. */
  'SCAN_TIMEOUT',
  /** The service is not enabled on this terminal. */
  'SERVICE_DISABLED',
  /** The screen showed an older version of a commitment text or form than the terminal now has. */
  'CONTENT_CHANGED',
  /** The terminal's storage is full: the submission was not saved (queued ones are kept). */
  'STORAGE_FULL',
  /** The terminal is out of service (staff or the fleet): no citizen session starts. */
  'OUT_OF_SERVICE',
  /** The method needs 人证核验 (the person at the camera matched the card) in this session, not yet passed. */
  'PERSON_NOT_VERIFIED',
  /** The handwriting recogniser (native/handwriting/) is not running or did not answer in time. */
  'HANDWRITING_UNAVAILABLE',
  /** Not an endorsable 往来港澳通行证 number (the rule in contract/rules/hk-macau-permit.ts says why). */
  'INVALID_PERMIT_NUMBER',
  /** The upstream does not allow this holder the endorsement type chosen (or the permit is not theirs). */
  'ENDORSEMENT_NOT_ALLOWED',
  /** 交通违法处理: the violation was already decided (here, at a counter, or by the app). */
  'VIOLATION_ALREADY_HANDLED',
  /** 交通违法处理: the platform says the simple procedure does not (or no longer) cover this violation. */
  'VIOLATION_NOT_ELIGIBLE',
  'INTERNAL',
] as const;
export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];
