/**
 * UnifiedPOS-like device lifecycle shared by every driver. The state is a tagged union so a
 * consumer cannot read a reason that does not exist; transitions are checked so a driver bug
 * shows up as an exception in tests rather than as an impossible state on a hall's screen.
 */
import { EventEmitter } from 'node:events';

export type DeviceState =
  | { kind: 'disconnected'; reason?: string }
  | { kind: 'connecting' }
  | { kind: 'ready' }
  | { kind: 'busy'; operation: string }
  | { kind: 'error'; reason: string };

export type DeviceStateKind = DeviceState['kind'];

const allowed: Record<DeviceStateKind, readonly DeviceStateKind[]> = {
  disconnected: ['connecting', 'disconnected'],
  connecting: ['ready', 'error', 'disconnected'],
  ready: ['busy', 'error', 'disconnected', 'ready'],
  busy: ['ready', 'error', 'disconnected'],
  error: ['connecting', 'disconnected', 'ready', 'error'],
};

export interface DeviceStateEvents {
  change: [next: DeviceState, previous: DeviceState];
  /** Non-fatal conditions (paper near end, cover open, card present); replaces the previous set. */
  flags: [flags: readonly string[]];
}

export class DeviceStateMachine extends EventEmitter<DeviceStateEvents> {
  #state: DeviceState = { kind: 'disconnected' };
  #flags: readonly string[] = [];

  constructor(readonly deviceName: string) {
    super();
  }

  get state(): DeviceState {
    return this.#state;
  }

  get flags(): readonly string[] {
    return this.#flags;
  }

  transition(next: DeviceState): void {
    const previous = this.#state;
    if (!allowed[previous.kind].includes(next.kind)) {
      throw new Error(`${this.deviceName}: illegal transition ${previous.kind} → ${next.kind}`);
    }
    this.#state = next;
    this.emit('change', next, previous);
  }

  setFlags(flags: readonly string[]): void {
    const same = flags.length === this.#flags.length && flags.every((f) => this.#flags.includes(f));
    if (same) return;
    this.#flags = [...flags];
    this.emit('flags', this.#flags);
  }
}
