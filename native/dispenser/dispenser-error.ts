/**
 * What went wrong with the dispenser. `timeout` and `port` after a move was ACKed and executed
 * mean the outcome is unknown: the caller must ask the sensors, never repeat the move.
 */
import type { ModuleError } from './dispenser-commands.ts';

export type DispenserErrorCode = ModuleError | 'port' | 'timeout' | 'refused' | 'protocol' | 'cancelled';

export class DispenserError extends Error {
  constructor(
    readonly code: DispenserErrorCode,
    message: string,
    /** True when the module may have executed the command (the ENQ went out): ask the sensors. */
    readonly outcomeUnknown = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DispenserError';
  }
}
