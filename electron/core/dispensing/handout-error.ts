/** Why a certificate was not handed out; each code has its own screen message and test. */
export type HandOutErrorCode =
  /** The journal already has this certificate taken, captured, in doubt or mid-way. */
  | 'already-handled'
  /** Its slot is empty: the certificate is not in this terminal. */
  | 'not-in-machine'
  /** The card in its slot carries another number: captured into the bin, staff alerted. */
  | 'wrong-card'
  | 'unreadable'
  | 'jammed'
  | 'bin-full'
  /** A card is already in the channel (a previous hand-out awaits staff). */
  | 'dispenser-busy'
  | 'dispenser-unavailable'
  /** The card may have left: staff must check; never retried. */
  | 'unknown';

export class HandOutError extends Error {
  constructor(
    readonly code: HandOutErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HandOutError';
  }
}
