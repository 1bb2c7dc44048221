/**
 * Hands out one certificate card at most once. Every movement is journalled before it starts and
 * after it ends (handout-journal.ts); the card's number is read back at the read position before
 * it may leave; a card not taken in time is captured back into the bin and reported to staff. At
 * start, reconcile() settles whatever a crash left mid-way from the journal and the sensors, and
 * never moves a card whose hand-out may already have happened (staff alert instead of a retry).
 */
import { DispenserError } from '../../../native/dispenser/dispenser-error.ts';
import type { DispenserStatus } from '../../../native/dispenser/dispenser-commands.ts';
import type { AlertKind, AlertSeverity } from '../alerts/alert-board.ts';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from '../util/error-message.ts';
import type { DispenserDevice } from './dispenser-device.ts';
import { HandOutError, type HandOutErrorCode } from './handout-error.ts';
import { HandOutJournal, HandOutRefused, type CertificateCard, type HandOutRow, type HandOutState } from './handout-journal.ts';

export interface AlertSink {
  raise(alert: { id: string; kind: AlertKind; severity: AlertSeverity; detail: string }): unknown;
}

export interface CertificateDispenserOptions {
  device: () => DispenserDevice | undefined;
  journal: HandOutJournal;
  alerts: AlertSink;
  logger: Logger;
  /** Tells the upstream a certificate was taken (the outbox, keyed per certificate). */
  report: (row: HandOutRow) => Promise<void>;
  /** How often the mouth sensor is read while the citizen is to take the card. */
  pollMs?: number;
}

export type HandOutOutcome = { outcome: 'taken' } | { outcome: 'captured'; reason: 'not-taken' };

export interface HandOutOptions {
  takeTimeoutMs: number;
  /** The card is at the mouth: the screen says "please take your certificate". */
  onAtMouth?: () => void;
}

/** Alert ids are lower case; certificate ids need not be. */
const alertKey = (certificateId: string): string => certificateId.toLowerCase();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isModuleError = (error: unknown, ...codes: string[]): error is DispenserError => error instanceof DispenserError && codes.includes(error.code);

export class CertificateDispenser {
  readonly #o: CertificateDispenserOptions;
  readonly #pollMs: number;
  #busy = false;

  constructor(options: CertificateDispenserOptions) {
    this.#o = options;
    this.#pollMs = options.pollMs ?? 100;
  }

  get journal(): HandOutJournal {
    return this.#o.journal;
  }

  #device(): DispenserDevice {
    const device = this.#o.device();
    if (!device) throw new HandOutError('dispenser-unavailable', 'the card dispenser is not available');
    return device;
  }

  async handOut(card: CertificateCard, options: HandOutOptions): Promise<HandOutOutcome> {
    if (this.#busy) throw new HandOutError('dispenser-busy', 'another certificate is being handed out');
    this.#busy = true;
    try {
      return await this.#handOut(card, options);
    } finally {
      this.#busy = false;
    }
  }

  async #handOut(card: CertificateCard, options: HandOutOptions): Promise<HandOutOutcome> {
    const device = this.#device();
    if (this.#o.journal.open().length > 0) throw new HandOutError('dispenser-busy', 'an interrupted hand-out awaits reconciliation');
    const before = await device.status().catch((error: unknown) => {
      throw new HandOutError('dispenser-unavailable', `dispenser status: ${errorMessage(error)}`, { cause: error });
    });
    this.#checkIdle(before);
    try {
      this.#o.journal.claim(card);
    } catch (error) {
      if (error instanceof HandOutRefused) throw new HandOutError('already-handled', error.message);
      throw error;
    }
    const id = card.certificateId;
    const set = (state: HandOutState, extra?: Parameters<HandOutJournal['set']>[2]) => this.#o.journal.set(id, state, extra);

    // Slot → read position.
    set('moving-to-read');
    try {
      await device.moveToRead(card.slot);
    } catch (error) {
      if (isModuleError(error, 'slot-empty')) {
        set('released', { detail: 'slot-empty' });
        this.#alert(`certificate-missing:${alertKey(id)}`, 'certificate-not-in-slot', 'warning', `certificate ${id} is not in slot ${card.slot}: check the loading`);
        throw new HandOutError('not-in-machine', `slot ${card.slot} is empty`);
      }
      if (!(await this.#movedToRead(device, card, error))) throw this.#asHandOutError(error);
    }
    set('at-read');

    // The card's own number, read back before it may leave.
    let number: string;
    try {
      number = await device.readCardNumber();
    } catch (error) {
      await this.#captureBack(device, card, 'at-read', isModuleError(error, 'unreadable') ? 'unreadable' : 'read-failed');
      throw new HandOutError('unreadable', `the card in slot ${card.slot} could not be read`, { cause: error });
    }
    if (number !== card.certificateNumber) {
      await this.#captureBack(device, card, 'at-read', 'wrong-card');
      this.#alert(`certificate-wrong-card:${alertKey(id)}`, 'certificate-wrong-card', 'critical', `slot ${card.slot} held another card than certificate ${id}; it is in the capture bin`);
      throw new HandOutError('wrong-card', `slot ${card.slot} holds another certificate`);
    }
    set('verified');

    // Read position → mouth.
    set('dispensing');
    try {
      await device.dispense();
    } catch (error) {
      const status = await device.status().catch(() => undefined);
      if (status?.channel === 'read' && !(error instanceof DispenserError && error.outcomeUnknown)) {
        await this.#captureBack(device, card, 'verified', `dispense-failed:${(error as DispenserError).code ?? 'error'}`);
        throw this.#asHandOutError(error);
      }
      if (status?.channel !== 'mouth') {
        set('unknown', { detail: `dispense: ${errorMessage(error)}`.slice(0, 200) });
        this.#alertUnknown(card, status);
        throw new HandOutError(status?.channel === 'jammed' ? 'jammed' : 'unknown', `dispense outcome unknown: ${errorMessage(error)}`);
      }
    }
    set('at-mouth');
    options.onAtMouth?.();

    // The citizen takes it, or it goes back into the bin.
    const deadline = Date.now() + options.takeTimeoutMs;
    for (;;) {
      const status = await device.status().catch(() => undefined);
      if (status && status.channel !== 'mouth') {
        if (status.channel === 'empty') return this.#taken(card);
        set('unknown', { detail: `left the mouth towards ${status.channel}` });
        this.#alertUnknown(card, status);
        throw new HandOutError('unknown', 'the card at the mouth went elsewhere');
      }
      if (Date.now() >= deadline) break;
      await sleep(Math.min(this.#pollMs, Math.max(0, deadline - Date.now())));
    }
    const captured = await this.#captureBack(device, card, 'at-mouth', 'not-taken');
    if (!captured) return this.#taken(card);
    this.#alert(`certificate-captured:${alertKey(id)}`, 'certificate-captured', 'warning', `certificate ${id} was not taken and is in the capture bin: put it back in slot ${card.slot}`);
    return { outcome: 'captured', reason: 'not-taken' };
  }

  #checkIdle(status: DispenserStatus): void {
    if (status.channel === 'jammed') {
      this.#alert('dispenser-jammed', 'dispenser-fault', 'critical', 'the card dispenser is jammed: clear the card channel');
      throw new HandOutError('jammed', 'the dispenser is jammed');
    }
    if (status.channel !== 'empty') throw new HandOutError('dispenser-busy', `a card is at the ${status.channel === 'mouth' ? 'mouth' : 'read position'}`);
    // Without room in the bin, a wrong or forgotten card could not be taken back.
    if (status.binFull) {
      this.#alert('dispenser-bin-full', 'dispenser-fault', 'critical', 'the capture bin of the card dispenser is full: empty it');
      throw new HandOutError('bin-full', 'the capture bin is full');
    }
  }

  /** After a failed move to the read position: did the card get there anyway? Settles the row otherwise. */
  async #movedToRead(device: DispenserDevice, card: CertificateCard, error: unknown): Promise<boolean> {
    const status = await device.status().catch(() => undefined);
    if (status?.channel === 'read') return true;
    if (status?.channel === 'empty' && (await device.slotOccupied(card.slot).catch(() => false))) {
      this.#o.journal.set(card.certificateId, 'released', { detail: `move failed: ${errorMessage(error)}`.slice(0, 200) });
      return false;
    }
    this.#o.journal.set(card.certificateId, 'unknown', { detail: `move to read: ${errorMessage(error)}`.slice(0, 200) });
    this.#alertUnknown(card, status);
    return false;
  }

  /**
   * Takes the card in the channel back into the bin, journalled with the bin's count first, so a
   * crash during the capture can tell "captured" from "taken" by the count. False when the card
   * had already gone from the mouth (the citizen took it at the last moment).
   */
  async #captureBack(device: DispenserDevice, card: CertificateCard, from: HandOutState, detail: string): Promise<boolean> {
    const id = card.certificateId;
    const binCountBefore = await device.binCount().catch(() => undefined);
    this.#o.journal.set(id, 'capturing', { captureFrom: from, detail, ...(binCountBefore !== undefined ? { binCountBefore } : {}) });
    try {
      await device.capture();
      this.#o.journal.set(id, 'captured', { detail });
      return true;
    } catch (error) {
      const settled = await this.#settleCapture(device, card, from, binCountBefore, error);
      if (settled === 'taken') return false;
      if (settled === 'captured') return true;
      throw this.#asHandOutError(error);
    }
  }

  async #settleCapture(device: DispenserDevice, card: CertificateCard, from: HandOutState, binCountBefore: number | undefined, error: unknown): Promise<'taken' | 'captured' | 'open'> {
    const id = card.certificateId;
    const status = await device.status().catch(() => undefined);
    const count = await device.binCount().catch(() => undefined);
    if (status?.channel === 'empty') {
      if (binCountBefore !== undefined && count !== undefined && count > binCountBefore) {
        this.#o.journal.set(id, 'captured');
        return 'captured';
      }
      // The module itself says the mouth was empty when the rollers started: the citizen took it.
      if (from === 'at-mouth' && isModuleError(error, 'no-card-in-channel')) {
        this.#o.journal.set(id, 'taken', { detail: 'taken while capturing' });
        return 'taken';
      }
    }
    if (status?.channel === 'jammed' || status?.channel === 'empty') {
      this.#o.journal.set(id, 'unknown', { detail: `capture: ${errorMessage(error)}`.slice(0, 200) });
      this.#alertUnknown(card, status);
      return 'open';
    }
    // Still in the channel (bin full, link down): the row stays open for reconcile() once staff act.
    if (isModuleError(error, 'bin-full')) this.#alert('dispenser-bin-full', 'dispenser-fault', 'critical', 'the capture bin of the card dispenser is full: empty it');
    return 'open';
  }

  async #taken(card: CertificateCard): Promise<HandOutOutcome> {
    this.#o.journal.set(card.certificateId, 'taken');
    await this.#reportTaken(card.certificateId);
    return { outcome: 'taken' };
  }

  async #reportTaken(certificateId: string): Promise<void> {
    const row = this.#o.journal.get(certificateId);
    if (!row) return;
    try {
      await this.#o.report(row);
      this.#o.journal.markReported(certificateId);
    } catch (error) {
      // Retried at the next start (reconcile) with the same idempotency key.
      this.#o.logger.warn('certificate hand-out not yet reported', { certificateId, error: errorMessage(error) });
    }
  }

  /**
   * Settles every row a crash left open, from the sensors: a card still in the channel goes back
   * into the bin (its citizen is gone); a card that left the mouth was taken; anything that may
   * have left without the journal knowing it reached the mouth is 'unknown' and raised for staff.
   */
  async reconcile(): Promise<{ settled: HandOutRow[] }> {
    // The open row of a hand-out in progress is that hand-out's business, not a crash's leftover.
    if (this.#busy) return { settled: [] };
    this.#busy = true;
    try {
      return await this.#reconcile();
    } finally {
      this.#busy = false;
    }
  }

  async #reconcile(): Promise<{ settled: HandOutRow[] }> {
    const open = this.#o.journal.open();
    const settled: HandOutRow[] = [];
    if (open.length > 0) {
      const device = this.#device();
      for (const row of open) {
        try {
          await this.#reconcileRow(device, row);
        } catch (error) {
          this.#o.logger.warn('hand-out reconcile left a row open', { certificateId: row.certificateId, state: row.state, error: errorMessage(error) });
        }
        settled.push(this.#o.journal.get(row.certificateId)!);
      }
    }
    for (const row of this.#o.journal.takenUnreported()) await this.#reportTaken(row.certificateId);
    return { settled };
  }

  async #reconcileRow(device: DispenserDevice, row: HandOutRow): Promise<void> {
    const id = row.certificateId;
    const status = await device.status();
    const channel = status.channel;
    const unknown = (detail: string) => {
      this.#o.journal.set(id, 'unknown', { detail });
      this.#alertUnknown(row, status);
    };
    if (channel === 'jammed') return unknown(`interrupted at ${row.state}; dispenser jammed`);
    switch (row.state) {
      case 'claimed':
        // Nothing was sent to the module for it.
        this.#o.journal.set(id, 'released', { detail: 'interrupted before moving' });
        return;
      case 'moving-to-read':
        if (channel === 'read') return this.#reconcileCapture(device, row, 'moving-to-read');
        if (channel === 'empty' && (await device.slotOccupied(row.slot))) {
          this.#o.journal.set(id, 'released', { detail: 'interrupted before the card moved' });
          return;
        }
        return unknown('interrupted moving to the read position; card not found');
      case 'at-read':
      case 'verified':
        if (channel === 'read') return this.#reconcileCapture(device, row, row.state);
        return unknown(`interrupted at ${row.state}; card not at the read position`);
      case 'dispensing':
        if (channel === 'read' || channel === 'mouth') return this.#reconcileCapture(device, row, channel === 'mouth' ? 'at-mouth' : 'verified');
        // The card left the read position and is not at the mouth: it may have been taken.
        return unknown('interrupted while dispensing; card no longer in the dispenser');
      case 'at-mouth':
        if (channel === 'mouth') return this.#reconcileCapture(device, row, 'at-mouth');
        if (channel === 'empty') {
          this.#o.journal.set(id, 'taken', { detail: 'taken while the terminal was down' });
          return;
        }
        return unknown('interrupted at the mouth; card back at the read position');
      case 'capturing': {
        if (channel === 'read' || channel === 'mouth') return this.#reconcileCapture(device, row, row.captureFrom ?? 'verified');
        const count = await device.binCount();
        if (row.binCountBefore !== null && count > row.binCountBefore) {
          this.#o.journal.set(id, 'captured');
          this.#alertCaptured(row);
          return;
        }
        // Taken during the capture, or captured and the bin emptied since: only staff can tell.
        return unknown('interrupted while capturing; the bin count does not tell');
      }
      default:
        return;
    }
  }

  async #reconcileCapture(device: DispenserDevice, row: HandOutRow, from: HandOutState): Promise<void> {
    const captured = await this.#captureBack(device, row, from, row.detail ?? 'interrupted');
    if (captured) this.#alertCaptured(row);
  }

  #alertCaptured(row: CertificateCard): void {
    this.#alert(`certificate-captured:${alertKey(row.certificateId)}`, 'certificate-captured', 'warning', `certificate ${row.certificateId} is in the capture bin after an interrupted hand-out: put it back in slot ${row.slot}`);
  }

  #alertUnknown(card: CertificateCard, status: DispenserStatus | undefined): void {
    this.#alert(
      `certificate-unknown:${alertKey(card.certificateId)}`,
      'certificate-handout-unknown',
      'critical',
      `certificate ${card.certificateId} (slot ${card.slot}) may have been handed out (channel: ${status?.channel ?? 'unreadable'}); check it and settle it by hand, it will not be dispensed again`,
    );
  }

  #alert(id: string, kind: AlertKind, severity: AlertSeverity, detail: string): void {
    this.#o.alerts.raise({ id, kind, severity, detail });
    this.#o.logger.warn('dispenser alert', { alert: id, detail });
  }

  #asHandOutError(error: unknown): HandOutError {
    if (error instanceof HandOutError) return error;
    const code: HandOutErrorCode =
      isModuleError(error, 'jammed') ? 'jammed' : isModuleError(error, 'bin-full') ? 'bin-full' : error instanceof DispenserError && !error.outcomeUnknown ? 'dispenser-unavailable' : 'unknown';
    if (code === 'jammed') this.#alert('dispenser-jammed', 'dispenser-fault', 'critical', 'the card dispenser is jammed: clear the card channel');
    return new HandOutError(code, errorMessage(error), { cause: error });
  }
}
