/**
 * What the hand-out needs from a dispenser: the driver (native/dispenser/card-dispenser.ts) in the
 * core's process or its proxy in a driver process both fit.
 */
import type { DispenserStatus } from '../../../native/dispenser/dispenser-commands.ts';

export interface DispenserDevice {
  status(): Promise<DispenserStatus>;
  moveToRead(slot: number): Promise<DispenserStatus>;
  readCardNumber(): Promise<string>;
  dispense(): Promise<DispenserStatus>;
  capture(): Promise<DispenserStatus>;
  binCount(): Promise<number>;
  slotOccupied(slot: number): Promise<boolean>;
}
