/**
 * Owns every device driver, reports their states as DeviceStatus, and reopens a device whose port
 * failed or vanished (unplug/replug) with capped exponential backoff, without restarting the app.
 * Drivers notice a vanished port themselves (idle heartbeat / status polling), since a serial line
 * nobody writes to can disappear silently.
 */
import { EventEmitter } from 'node:events';
import type { DeviceKind, DeviceStatus } from '../../contract/kiosk-api.ts';
import type { DeviceState, DeviceStateMachine } from '../../../native/device/device-state.ts';
import type { Logger } from '../logging/logger.ts';
import type { DeviceHealth } from './device-health.ts';
import { backoffCeiling } from '../../contract/rules/backoff.ts';
import { errorMessage } from '../util/error-message.ts';

export type { DeviceHealth } from './device-health.ts';

export interface ManagedDevice {
  readonly state: DeviceStateMachine;
  open(): Promise<void>;
  close(): Promise<void>;
  /** False for errors the device reports about itself (paper out): reopening the port won't help. */
  isLinkFailure?(reason: string): boolean;
  /** Hardware identity for maintenance and the heartbeat (SAM module number, line speed...). */
  details?(): Record<string, string>;
  /** Card readers: a card that was read has left the reader. */
  onCardRemoved?(listener: () => void): void;
}

interface Entry {
  kind: DeviceKind;
  device: ManagedDevice | undefined;
  /** Why a configured-off or absent device is not there. */
  absentReason?: string;
  retry: NodeJS.Timeout | undefined;
  failures: number;
  updatedAt: Date;
  since: Date;
  lastError?: { reason: string; at: Date };
}

export interface DeviceManagerEvents {
  status: [status: DeviceStatus];
  /** A card reader reports that the card it read was taken away. */
  cardRemoved: [device: DeviceKind];
}

export interface DeviceManagerOptions {
  logger: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const reasonOf = (state: DeviceState): string | undefined =>
  state.kind === 'error' || state.kind === 'disconnected' ? state.reason : undefined;

export class DeviceManager extends EventEmitter<DeviceManagerEvents> {
  readonly #entries = new Map<DeviceKind, Entry>();
  readonly #logger: Logger;
  readonly #minBackoffMs: number;
  readonly #maxBackoffMs: number;
  #stopped = false;

  constructor(options: DeviceManagerOptions) {
    super();
    this.#logger = options.logger;
    this.#minBackoffMs = options.minBackoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  /** Register a device; `undefined` records a device that is disabled or not configured. */
  add(kind: DeviceKind, device: ManagedDevice | undefined, absentReason = 'not-configured'): void {
    const now = new Date();
    const entry: Entry = { kind, device, absentReason, retry: undefined, failures: 0, updatedAt: now, since: now };
    this.#entries.set(kind, entry);
    if (!device) return;
    device.state.on('change', (next) => {
      entry.updatedAt = entry.since = new Date();
      const reason = reasonOf(next);
      if (reason) entry.lastError = { reason, at: entry.since };
      if (next.kind === 'ready') entry.failures = 0;
      this.emit('status', this.#statusOf(entry));
      if (reason && !this.#stopped && (device.isLinkFailure?.(reason) ?? true)) this.#scheduleReopen(entry);
    });
    device.state.on('flags', () => {
      entry.updatedAt = new Date();
      this.emit('status', this.#statusOf(entry));
    });
    device.onCardRemoved?.(() => this.emit('cardRemoved', kind));
  }

  get<T extends ManagedDevice>(kind: DeviceKind): T | undefined {
    return this.#entries.get(kind)?.device as T | undefined;
  }

  isReady(kind: DeviceKind): boolean {
    const state = this.#entries.get(kind)?.device?.state.state.kind;
    return state === 'ready' || state === 'busy';
  }

  /** Opens every device; failures are reported and retried, never thrown: the app runs degraded. */
  async start(): Promise<void> {
    this.#stopped = false;
    await Promise.all([...this.#entries.values()].map((entry) => this.#open(entry)));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.retry);
      entry.retry = undefined;
    }
    await Promise.all([...this.#entries.values()].map((entry) => entry.device?.close().catch(() => undefined)));
  }

  statuses(): DeviceStatus[] {
    return [...this.#entries.values()].map((entry) => this.#statusOf(entry));
  }

  status(kind: DeviceKind): DeviceStatus | undefined {
    const entry = this.#entries.get(kind);
    return entry ? this.#statusOf(entry) : undefined;
  }

  /** Per device: state, reason, flags, since when, hardware identity, last error. */
  health(): DeviceHealth[] {
    return [...this.#entries.values()].map((entry) => this.#healthOf(entry));
  }

  async #open(entry: Entry): Promise<void> {
    if (!entry.device || this.#stopped) return;
    try {
      await entry.device.open();
      entry.failures = 0;
    } catch (error) {
      entry.failures += 1;
      this.#logger.warn('device open failed', {
        device: entry.kind,
        attempt: entry.failures,
        error: errorMessage(error),
      });
      this.#scheduleReopen(entry);
    }
  }

  #scheduleReopen(entry: Entry): void {
    if (entry.retry || this.#stopped) return;
    const exp = backoffCeiling(entry.failures + 1, { baseMs: this.#minBackoffMs, capMs: this.#maxBackoffMs });
    const delay = exp / 2 + Math.random() * (exp / 2);
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      void (async () => {
        await entry.device?.close().catch(() => undefined);
        await this.#open(entry);
      })();
    }, delay);
    entry.retry.unref();
  }

  #statusOf(entry: Entry): DeviceStatus {
    const updatedAt = entry.updatedAt.toISOString();
    if (!entry.device) {
      return { device: entry.kind, state: 'disconnected', reason: entry.absentReason, flags: [], updatedAt };
    }
    const state: DeviceState = entry.device.state.state;
    const reason = reasonOf(state);
    return {
      device: entry.kind,
      state: state.kind,
      ...(reason ? { reason } : {}),
      flags: [...entry.device.state.flags],
      updatedAt,
    };
  }

  #healthOf(entry: Entry): DeviceHealth {
    const status = this.#statusOf(entry);
    let details: Record<string, string> = {};
    try {
      details = { ...entry.device?.details?.() };
    } catch {
      // A driver that cannot describe itself is still reported; its state says more.
    }
    return {
      device: entry.kind,
      configured: entry.device !== undefined,
      state: status.state,
      ...(status.reason ? { reason: status.reason } : {}),
      flags: status.flags,
      since: entry.since.toISOString(),
      details,
      ...(entry.lastError ? { lastError: { reason: entry.lastError.reason, at: entry.lastError.at.toISOString() } } : {}),
      reconnectAttempts: entry.failures,
    };
  }
}
