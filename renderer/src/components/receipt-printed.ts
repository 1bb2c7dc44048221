/**
 * Whether this session printed a receipt, for the "take your receipt" reminder at its end. Held
 * outside React because the printout happens deep inside a service journey that is unmounted by
 * the time the session ends. Nothing personal: one flag.
 */
let printed = false;

export function noteReceiptPrinted(): void {
  printed = true;
}

/** Reads and clears the flag: each session's end asks once. */
export function takeReceiptPrinted(): boolean {
  const was = printed;
  printed = false;
  return was;
}
