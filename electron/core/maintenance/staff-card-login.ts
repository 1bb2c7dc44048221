/**
 * Staff entry with a staff card: after the corner sequence the engineer places their card (their
 * resident ID card, registered with the staff CLI) on the terminal's ID-card reader. The read is
 * bounded like the citizen's readIdCard (a timeout, and a cancel from the screen), and the card
 * is kept only as long as the comparison takes: only the masked number leaves this file (audit),
 * and the card's buffers are wiped as the citizen path wipes them.
 */
import { maskIdNumber } from '../../contract/rules/id-number.ts';
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import type { ReadCardOptions } from '../../../native/idcard/idcard-reader.ts';
import type { StaffCardLoginResult } from '../../contract/maintenance-api.ts';
import { fromIdCardError } from '../api/error-mapping.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { DeviceManager, ManagedDevice } from '../devices/device-manager.ts';
import type { Logger } from '../logging/logger.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { StaffAuth } from '../staff/staff-auth.ts';
import type { StaffCardRegistry } from '../staff/staff-cards.ts';
import type { StaffSession } from './staff-session.ts';

type Reader = ManagedDevice & { readCard(opts: ReadCardOptions): Promise<IdCardData> };

export interface StaffCardLoginOptions {
  staff: StaffSession;
  auth: StaffAuth;
  cards: StaffCardRegistry;
  devices: DeviceManager;
  sessions: SessionStore;
  logger: Logger;
}

export class StaffCardLogin {
  readonly #o: StaffCardLoginOptions;
  #reading: AbortController | undefined;

  constructor(options: StaffCardLoginOptions) {
    this.#o = options;
  }

  async login(timeoutMs: number): Promise<StaffCardLoginResult> {
    const { staff, auth, cards } = this.#o;
    return staff.cardLogin(async () => {
      // Refusals that need no card come first: the engineer is not asked for a card in vain.
      const refused = auth.refuseCardEarly(cards);
      if (refused) return refused;
      const card = await this.#read(timeoutMs);
      const masked = maskIdNumber(card.idNumber);
      try {
        const result = await auth.attemptCard(card.idNumber, cards, masked);
        this.#o.logger.info('staff card entry', { outcome: result.ok ? 'card-accepted, PIN asked' : result.reason });
        return result;
      } finally {
        wipe(card);
      }
    });
  }

  /** Stops a wait for a staff card; false when none was waiting. */
  cancel(): boolean {
    const reading = this.#reading;
    reading?.abort();
    this.#reading = undefined;
    return reading !== undefined;
  }

  async #read(timeoutMs: number): Promise<IdCardData> {
    const { devices, sessions } = this.#o;
    const reader = devices.get<Reader>('idCard');
    if (!reader || !devices.isReady('idCard')) {
      throw new KioskError('DEVICE_UNAVAILABLE', `id card reader is ${devices.status('idCard')?.state ?? 'absent'}`);
    }
    // A citizen's journey left under the PIN pad may still be waiting for a card: it would take
    // the staff card into the citizen's session. Ending that session stops its read first.
    if (sessions.current()) sessions.end('cancelled');
    this.#reading?.abort();
    const controller = new AbortController();
    this.#reading = controller;
    try {
      return await reader.readCard({ timeoutMs, signal: controller.signal });
    } catch (error) {
      throw fromIdCardError(error);
    } finally {
      if (this.#reading === controller) this.#reading = undefined;
    }
  }
}

/**
 * The buffers are zeroed; the strings cannot be, so the object lets go of them and they go with
 * the next collection. Nothing else holds the card.
 */
function wipe(card: IdCardData): void {
  card.photoWlt.fill(0);
  card.fingerprint?.fill(0);
  for (const key of ['name', 'nameEn', 'address', 'idNumber', 'birthDate', 'additionalAddress', 'passNumber', 'previousIdLink'] as const) {
    if (card[key] !== undefined) card[key] = '';
  }
}
