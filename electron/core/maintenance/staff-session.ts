/**
 * The staff session of the on-terminal maintenance mode, held by the core (the screen only shows
 * it). Entry takes two steps: the configured corner-tap sequence opens a short window for the
 * PIN, and a correct PIN opens the session. A registered staff card on the ID-card reader is a
 * first factor only: the PIN must follow within CARD_PIN_WINDOW_MS (and card + PIN gets in during
 * a long lockout, clearing it). A card alone opens nothing. The session ends on logout or after a
 * period without a maintenance call, so a terminal left in maintenance mode closes itself.
 *
 *   closed → pin-window (corner sequence) → open (PIN) → closed (logout / inactivity)
 *                       pin-window → card-pin (registered card) → open (PIN) …
 *
 * The session belongs to the terminal, not to a connection: the kiosk has one screen, and the
 * dispatcher's connection ids are for audit, never for authorisation.
 */
import type { Corner, StaffCardLoginResult, StaffLoginResult, StaffSessionEndedEvent } from '../../contract/maintenance-api.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import { CornerTapRecognizer, type CornerTapRule } from '../staff/corner-tap.ts';
import type { StaffAuth, StaffCardAttemptResult } from '../staff/staff-auth.ts';

export type StaffSessionState =
  | { kind: 'closed' }
  | { kind: 'pin-window'; until: number }
  | { kind: 'card-pin'; until: number; label: string }
  | { kind: 'open'; since: number; lastActive: number };

/** How long the PIN may take after a registered staff card. */
export const CARD_PIN_WINDOW_MS = 60_000;

export interface StaffSessionOptions {
  auth: StaffAuth;
  corners: () => CornerTapRule;
  audit: AuditSink;
  /** The session closes after this long without a maintenance call. */
  idleMs: number;
  /** How long the PIN pad stays usable after the corner sequence. Default 2 minutes. */
  pinWindowMs?: number;
  onOpened?: () => void;
  onEnded?: (event: StaffSessionEndedEvent) => void;
  /** Monotonic milliseconds (tests pass a fake clock). */
  now?: () => number;
}

export const STAFF_ACTOR = 'staff';

export class StaffSession {
  readonly #o: StaffSessionOptions;
  readonly #now: () => number;
  readonly #corners: CornerTapRecognizer;
  #state: StaffSessionState = { kind: 'closed' };
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: StaffSessionOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => performance.now());
    this.#corners = new CornerTapRecognizer(options.corners);
  }

  get state(): StaffSessionState {
    return this.#state;
  }

  get active(): boolean {
    return this.#state.kind === 'open';
  }

  get idleSeconds(): number {
    return Math.round(this.#o.idleMs / 1000);
  }

  /** A tap in a corner (or, null, elsewhere); true when it completes the configured sequence. */
  tap(corner: Corner | null): boolean {
    const matched = this.#corners.tap(corner, this.#now());
    if (matched && this.#state.kind !== 'open') {
      this.#state = { kind: 'pin-window', until: this.#now() + (this.#o.pinWindowMs ?? 120_000) };
    }
    return matched;
  }

  /**
   * Throws UNAUTHORIZED (audited) unless the corner sequence was tapped recently: the gate of
   * every way in (PIN, staff card).
   */
  requireEntryWindow(method: string): void {
    const state = this.#state;
    if (state.kind === 'closed' || ((state.kind === 'pin-window' || state.kind === 'card-pin') && this.#now() > state.until)) {
      this.#state = { kind: 'closed' };
      this.#o.audit.append(STAFF_ACTOR, 'staff.entry-refused', { reason: 'no-corner-sequence', method });
      throw new KioskError('UNAUTHORIZED', `${method}: tap the corner sequence first`);
    }
  }

  /** The PIN: alone, or as the second factor after a registered staff card. */
  async login(pin: string): Promise<StaffLoginResult> {
    this.requireEntryWindow('staffLogin');
    const state = this.#state;
    const result = state.kind === 'card-pin' ? await this.#o.auth.attemptCardPin(pin, state.label) : await this.#o.auth.attempt(pin);
    if (result.ok) return this.#open();
    switch (result.reason) {
      case 'not-provisioned':
        return { status: 'not-provisioned' };
      case 'wrong-pin':
        return { status: 'wrong-pin', remainingAttempts: result.remainingAttempts, retryInSeconds: result.retryInSeconds };
      case 'locked':
        return { status: 'locked', retryInSeconds: result.retryInSeconds, long: result.long };
    }
  }

  /**
   * Entry with a staff card: `check` reads the card and compares it (StaffAuth.attemptCard). The
   * window is checked before the card is read. A registered card opens no session: it asks for
   * the PIN (login), which must follow within CARD_PIN_WINDOW_MS.
   */
  async cardLogin(check: () => Promise<StaffCardAttemptResult>): Promise<StaffCardLoginResult> {
    this.requireEntryWindow('staffCardLogin');
    const result = await check();
    if (result.ok) {
      this.#state = { kind: 'card-pin', until: this.#now() + CARD_PIN_WINDOW_MS, label: result.label };
      return { status: 'pin-required', pinSeconds: Math.round(CARD_PIN_WINDOW_MS / 1000) };
    }
    switch (result.reason) {
      case 'no-cards':
        return { status: 'no-cards' };
      case 'not-registered':
        return { status: 'not-registered', remainingAttempts: result.remainingAttempts, retryInSeconds: result.retryInSeconds };
      case 'locked':
        return { status: 'locked', retryInSeconds: result.retryInSeconds, long: result.long };
    }
  }

  /** Throws UNAUTHORIZED unless a session is open; counts as activity. */
  require(method: string): void {
    if (this.#state.kind !== 'open') throw new KioskError('UNAUTHORIZED', `${method}: staff login required`);
    this.#state = { ...this.#state, lastActive: this.#now() };
    this.#armIdleTimer();
  }

  /** Ends the session (exit from maintenance mode); false when none was open. */
  logout(): boolean {
    if (this.#state.kind !== 'open') {
      this.#state = { kind: 'closed' };
      return false;
    }
    this.#end('logout');
    return true;
  }

  /** Core shutdown: no event, no audit entry (the process is going away). */
  close(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#state = { kind: 'closed' };
  }

  #open(): { status: 'ok'; idleSeconds: number } {
    const now = this.#now();
    this.#state = { kind: 'open', since: now, lastActive: now };
    this.#armIdleTimer();
    this.#o.onOpened?.();
    return { status: 'ok', idleSeconds: this.idleSeconds };
  }

  #end(reason: StaffSessionEndedEvent['reason']): void {
    const state = this.#state;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#state = { kind: 'closed' };
    this.#corners.reset();
    const minutes = state.kind === 'open' ? Math.round((this.#now() - state.since) / 60_000) : 0;
    this.#o.audit.append(STAFF_ACTOR, reason === 'logout' ? 'staff.exit' : 'staff.session-expired', { minutes });
    this.#o.onEnded?.({ reason });
  }

  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#state.kind === 'open') this.#end('inactivity');
    }, this.#o.idleMs);
    this.#idleTimer.unref();
  }
}
