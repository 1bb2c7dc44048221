import type { SamStatus } from './sam-status.ts';

export type IdCardErrorCode =
  | 'timeout'
  | 'cancelled'
  | 'no-card'
  | 'checksum'
  | 'protocol'
  | 'sam-status'
  | 'invalid-id-number'
  | 'invalid-card-data'
  | 'port'
  | 'busy';

/** Messages never contain a full ID number: callers pass masked values only. */
export class IdCardError extends Error {
  override readonly name = 'IdCardError';
  readonly code: IdCardErrorCode;
  /** Set for 'sam-status': what the module said. */
  readonly samStatus?: SamStatus;

  constructor(code: IdCardErrorCode, message: string, opts: { samStatus?: SamStatus; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    if (opts.samStatus) this.samStatus = opts.samStatus;
  }
}
