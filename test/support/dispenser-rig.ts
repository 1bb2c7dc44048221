/**
 * The dispenser rig: the simulated card-dispenser module and the driver joined by a real socat PTY
 * pair, the hand-out journal in a real SQLite file, and the hand-out engine over them, with what
 * the dispensing tests check (the refusal code, reported rows). One place, so every test builds
 * the line the same way.
 */
import { expect } from 'vitest';
import { AlertBoard } from '../../electron/core/alerts/alert-board.ts';
import { closeDatabase, openDatabase, type KioskDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { CertificateDispenser } from '../../electron/core/dispensing/certificate-dispenser.ts';
import { HandOutError } from '../../electron/core/dispensing/handout-error.ts';
import { HandOutJournal, type HandOutRow } from '../../electron/core/dispensing/handout-journal.ts';
import { createLogger } from '../../electron/core/logging/logger.ts';
import { CardDispenser } from '../../native/dispenser/card-dispenser.ts';
import { createPtyPair, type PtyPair } from '../../native/serial/pty-pair.ts';
import { DispenserSimulator, type DispenserSimulatorOptions } from '../../native/simulators/dispenser-simulator.ts';
import { tempDir } from './temp-dir.ts';

export interface DispenserRig {
  pty: PtyPair;
  sim: DispenserSimulator;
  driver: CardDispenser;
  db: KioskDatabase;
  alerts: AlertBoard;
  /** Rows the engine reported to the upstream, in order. */
  reported: HandOutRow[];
  engine: CertificateDispenser;
  /** Another engine on the same journal and driver (a restart), reporting with `report`. */
  makeEngine(report?: (row: HandOutRow) => Promise<void>): CertificateDispenser;
  close(): Promise<void>;
}

export async function startDispenserRig(label: string, simulator: Omit<DispenserSimulatorOptions, 'path'>): Promise<DispenserRig> {
  const temp = tempDir(label);
  const pty = await createPtyPair(label);
  const sim = new DispenserSimulator({ path: pty.simulatorPath, ...simulator });
  await sim.start();
  const driver = new CardDispenser({ path: pty.devicePath, ackTimeoutMs: 150, moveTimeoutMs: 400, queryTimeoutMs: 300 });
  await driver.open();
  const db = openDatabase(temp.path('kiosk.db'), { migrations });
  const alerts = new AlertBoard();
  const reported: HandOutRow[] = [];
  const makeEngine = (report: (row: HandOutRow) => Promise<void> = async (row) => void reported.push(row)) =>
    new CertificateDispenser({ device: () => driver, journal: new HandOutJournal(db), alerts, logger: createLogger({ level: 'error' }), report, pollMs: 10 });
  return {
    pty,
    sim,
    driver,
    db,
    alerts,
    reported,
    engine: makeEngine(),
    makeEngine,
    async close() {
      await driver.close().catch(() => undefined);
      await sim.stop();
      await pty.close();
      closeDatabase(db);
      temp.remove();
    },
  };
}

/** The code a hand-out was refused with; fails the test if it was not refused. */
export async function handOutRefusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HandOutError);
  return (error as HandOutError).code;
}
