/**
 * SW3, the SAM module's own status byte, mapped to a stable machine code and an English message.
 * Meanings follow the module vendors' published tables (GA 467 SAM_A / SAM_V status list).
 */

export interface SamStatus {
  sw3: number;
  code: string;
  message: string;
  /** True for 0x90 / 0x9F, the two "it worked" answers. */
  ok: boolean;
}

export const SW3 = {
  SUCCESS: 0x90,
  NO_CONTENT: 0x91,
  FIND_SUCCESS: 0x9f,
  RX_CHECKSUM_ERROR: 0x10,
  RX_LENGTH_ERROR: 0x11,
  COMMAND_ERROR: 0x21,
  UNAUTHORISED_OPERATION: 0x23,
  UNRECOGNISED_ERROR: 0x24,
  CARD_AUTH_SAM_FAILED: 0x31,
  SAM_AUTH_CARD_FAILED: 0x32,
  INFO_VERIFY_FAILED: 0x33,
  FINGERPRINT_VERIFY_FAILED: 0x37,
  INFO_LENGTH_ERROR: 0x3f,
  UNRECOGNISED_CARD_TYPE: 0x40,
  READ_CARD_FAILED: 0x41,
  RANDOM_NUMBER_FAILED: 0x47,
  SAM_SELF_CHECK_FAILED: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  FIND_CARD_FAILED: 0x80,
  SELECT_CARD_FAILED: 0x81,
} as const;

const table: Record<number, { code: string; message: string }> = {
  [SW3.SUCCESS]: { code: 'success', message: 'operation succeeded' },
  [SW3.NO_CONTENT]: { code: 'no-content', message: 'the card holds no content for this item' },
  [SW3.FIND_SUCCESS]: { code: 'find-card-success', message: 'card found' },
  [SW3.RX_CHECKSUM_ERROR]: {
    code: 'rx-checksum-error',
    message: 'the SAM module received a frame with a wrong check byte',
  },
  [SW3.RX_LENGTH_ERROR]: {
    code: 'rx-length-error',
    message: 'the SAM module received a frame with a wrong length',
  },
  [SW3.COMMAND_ERROR]: {
    code: 'command-error',
    message: 'the SAM module rejected the command (bad value or command sequence)',
  },
  [SW3.UNAUTHORISED_OPERATION]: { code: 'unauthorised-operation', message: 'operation not permitted' },
  [SW3.UNRECOGNISED_ERROR]: { code: 'unrecognised-error', message: 'unrecognised error in the SAM module' },
  [SW3.CARD_AUTH_SAM_FAILED]: {
    code: 'card-auth-sam-failed',
    message: 'the card failed to authenticate the SAM module',
  },
  [SW3.SAM_AUTH_CARD_FAILED]: {
    code: 'sam-auth-card-failed',
    message: 'the SAM module failed to authenticate the card (card may be forged or damaged)',
  },
  [SW3.INFO_VERIFY_FAILED]: { code: 'info-verify-failed', message: 'card information failed verification' },
  [SW3.FINGERPRINT_VERIFY_FAILED]: {
    code: 'fingerprint-verify-failed',
    message: 'fingerprint information failed verification',
  },
  [SW3.INFO_LENGTH_ERROR]: { code: 'info-length-error', message: 'card information has a wrong length' },
  [SW3.UNRECOGNISED_CARD_TYPE]: { code: 'unrecognised-card-type', message: 'unrecognised card type' },
  [SW3.READ_CARD_FAILED]: {
    code: 'read-card-failed',
    message: 'reading the card failed (card moved or removed during the read?)',
  },
  [SW3.RANDOM_NUMBER_FAILED]: {
    code: 'random-number-failed',
    message: 'the card did not supply a random number for authentication',
  },
  [SW3.SAM_SELF_CHECK_FAILED]: {
    code: 'sam-self-check-failed',
    message: 'the SAM module failed its self-check and cannot accept commands',
  },
  [SW3.SAM_NOT_AUTHORISED]: {
    code: 'sam-not-authorised',
    message: 'the SAM module is not authorised and cannot be used',
  },
  [SW3.FIND_CARD_FAILED]: { code: 'find-card-failed', message: 'no card in the field' },
  [SW3.SELECT_CARD_FAILED]: { code: 'select-card-failed', message: 'selecting the card failed' },
};

export function samStatus(sw3: number): SamStatus {
  const known = table[sw3];
  const ok = sw3 === SW3.SUCCESS || sw3 === SW3.FIND_SUCCESS;
  if (known) return { sw3, ok, ...known };
  return {
    sw3,
    ok: false,
    code: 'unknown-status',
    message: `unknown SAM status 0x${sw3.toString(16).padStart(2, '0').toUpperCase()}`,
  };
}

/** Every SW3 the table knows, for tests and diagnostics screens. */
export const knownSw3Values: readonly number[] = Object.keys(table).map(Number);
