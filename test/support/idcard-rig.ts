/**
 * The ID-card rig: a reader and a simulated SAM module joined by a real socat PTY pair, plus the
 * checks the ID-card tests share. One place, so every test builds the line the same way.
 */
import { expect } from 'vitest';
import { IdCardError, IdCardReader, type IdCardReaderOptions } from '../../native/idcard/idcard-reader.ts';
import { createPtyPair, type PtyPair } from '../../native/serial/pty-pair.ts';
import { IdCardSimulator } from '../../native/simulators/idcard-simulator.ts';

export interface IdCardRig {
  pair: PtyPair;
  sim: IdCardSimulator;
  reader: IdCardReader;
  close(): Promise<void>;
}

export interface IdCardRigOptions {
  /** Opens the reader before returning (most tests want a ready reader). */
  open?: boolean;
  /** Set up the simulator before it starts answering (e.g. its SAM id). */
  prepare?: (sim: IdCardSimulator) => void;
}

/** Quiet by default: no presence polling and no heartbeat unless a test asks for them. */
const QUIET_READER: Omit<IdCardReaderOptions, 'path'> = { responseTimeoutMs: 400, pollIntervalMs: 40, presencePollMs: 0, heartbeatMs: 0 };

export async function createIdCardRig(label: string, readerOptions: Partial<IdCardReaderOptions> = {}, { open = false, prepare }: IdCardRigOptions = {}): Promise<IdCardRig> {
  const pair = await createPtyPair(label);
  const sim = new IdCardSimulator({ path: pair.simulatorPath });
  prepare?.(sim);
  await sim.start();
  const reader = new IdCardReader({ path: pair.devicePath, ...QUIET_READER, ...readerOptions });
  const close = async () => {
    await reader.close();
    await sim.stop();
    await pair.close();
  };
  if (open) {
    try {
      await reader.open();
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { pair, sim, reader, close };
}

/** Awaits a rejection and checks it is an IdCardError with the given code. */
export async function expectIdCardError(promise: Promise<unknown>, code: IdCardError['code']): Promise<IdCardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdCardError);
  expect((error as IdCardError).code).toBe(code);
  return error as IdCardError;
}

/** "Find card" commands (20 01) the simulator has answered: proof that a read is polling the line. */
export const findCardPolls = (sim: Pick<IdCardSimulator, 'commandsReceived'>): number => sim.commandsReceived.filter((c) => c === '2001').length;
