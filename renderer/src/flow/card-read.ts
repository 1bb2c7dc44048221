/**
 * One ID-card read for a journey step: started once, settled into the step's callbacks while the
 * step is still shown, and cancelled in the core when the citizen leaves before a card was read.
 */
import type { IdCardView, KioskApi, KioskErrorCode } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';

/** How long a card read may wait, as the contract accepts it (1–120 s), from the terminal's seconds. */
export const readTimeoutMs = (seconds: number): number => Math.min(120_000, Math.max(1000, Math.round(seconds * 1000)));

export interface CardReadCallbacks {
  onRead(card: IdCardView): void;
  onFail(code: KioskErrorCode): void;
}

/**
 * What a device status says about the card on the ID-card reader: present or not, or null when the
 * status is another device's. Both directions count: the reader keeps reporting a lifted card for a
 * few polls (it confirms removals), so a read started just after a card was lifted first sees the
 * old flag, and only its clearing tells the screen it is not reading after all.
 */
export function cardPresence(status: { device: string; flags: readonly string[] }): boolean | null {
  return status.device === 'idCard' ? status.flags.includes('card-present') : null;
}

/** Starts the read; the returned function leaves it (cancelling in the core only if unfinished). */
export function startCardRead(api: Pick<KioskApi, 'readIdCard' | 'cancelIdCardRead'>, seconds: number, callbacks: () => CardReadCallbacks): () => void {
  let live = true;
  let settled = false;
  api
    .readIdCard({ timeoutMs: readTimeoutMs(seconds) })
    .then(
      (card) => live && callbacks().onRead(card),
      (error: unknown) => live && callbacks().onFail(errorCodeOf(error)),
    )
    .finally(() => {
      settled = true;
    });
  return () => {
    live = false;
    // A failing cancel (the session already gone) changes nothing for the citizen.
    if (!settled) api.cancelIdCardRead({}).catch(() => {});
  };
}
