/**
 * The dispenser's self-test from the maintenance screen. By default it only asks: the status
 * (channel, stock, bin) and the bin's count; nothing moves. Only when staff choose "test dispense
 * to bin" does one card move: from the slot they loaded a blank test card into, to the read
 * position (its number read back), then into the capture bin, never to the mouth. The move is
 * refused while a hand-out is open in the journal or a card is already in the channel.
 */
import type { ChannelState, DispenserStatus, StockLevel } from '../../../native/dispenser/dispenser-commands.ts';
import { errorMessage } from '../util/error-message.ts';
import type { DispenserDevice } from './dispenser-device.ts';
import type { HandOutJournal } from './handout-journal.ts';

export interface DispenserSensors {
  channel: ChannelState;
  stock: StockLevel;
  binFull: boolean;
}

export interface DispenserTestCard {
  slot: number;
  /** The last four characters of what the reader found on the card; null when it could not read it. */
  readBack: string | null;
  /** The card ended in the capture bin (the bin's count went up). */
  inBin: boolean;
}

export interface DispenserSelfTestReport {
  /** 'failed': the module did not answer, or the test card did not reach the bin. */
  outcome: 'passed' | 'failed' | 'refused' | 'unavailable';
  detail?: string;
  /** null when the status could not be read. */
  sensors: DispenserSensors | null;
  binCount: number | null;
  /** Conditions staff must fix before hand-outs: stock-empty, stock-low, bin-full, jammed, card-in-channel. */
  problems: string[];
  testCard?: DispenserTestCard;
  durationMs: number;
}

export function sensorProblems(status: DispenserStatus): string[] {
  const problems: string[] = [];
  if (status.channel === 'jammed') problems.push('jammed');
  else if (status.channel !== 'empty') problems.push('card-in-channel');
  if (status.stock === 'empty') problems.push('stock-empty');
  if (status.stock === 'low') problems.push('stock-low');
  if (status.binFull) problems.push('bin-full');
  return problems;
}

export async function dispenserSelfTest(device: DispenserDevice | undefined, journal: HandOutJournal | undefined, options: { dispenseToBinSlot?: number } = {}): Promise<DispenserSelfTestReport> {
  const started = performance.now();
  const done = (report: Omit<DispenserSelfTestReport, 'durationMs'>): DispenserSelfTestReport => ({ ...report, durationMs: Math.round(performance.now() - started) });
  if (!device) return done({ outcome: 'unavailable', detail: 'not-configured-or-not-ready', sensors: null, binCount: null, problems: [] });
  let status: DispenserStatus;
  let binCount: number;
  try {
    status = await device.status();
    binCount = await device.binCount();
  } catch (error) {
    return done({ outcome: 'failed', detail: `status: ${errorMessage(error)}`.slice(0, 200), sensors: null, binCount: null, problems: [] });
  }
  const sensors: DispenserSensors = { channel: status.channel, stock: status.stock, binFull: status.binFull };
  const problems = sensorProblems(status);
  const slot = options.dispenseToBinSlot;
  if (slot === undefined) return done({ outcome: 'passed', sensors, binCount, problems });

  // A card may only move when nothing else is, and when the bin can take it.
  const refuse = (detail: string) => done({ outcome: 'refused', detail, sensors, binCount, problems });
  if ((journal?.open().length ?? 0) > 0) return refuse('hand-out-open');
  if (status.channel !== 'empty') return refuse(status.channel === 'jammed' ? 'jammed' : 'card-in-channel');
  if (status.binFull) return refuse('bin-full');

  const testCard: DispenserTestCard = { slot, readBack: null, inBin: false };
  try {
    await device.moveToRead(slot);
  } catch (error) {
    return done({ outcome: 'failed', detail: `move to read: ${errorMessage(error)}`.slice(0, 200), sensors, binCount, problems, testCard });
  }
  testCard.readBack = await device.readCardNumber().then(
    (number) => number.slice(-4),
    () => null,
  );
  let after: DispenserStatus | undefined;
  let countAfter = binCount;
  let failure: string | undefined;
  try {
    after = await device.capture();
  } catch (error) {
    failure = `capture: ${errorMessage(error)}`.slice(0, 200);
  }
  // The bin's count says whether the card got there, whatever the capture's answer was.
  countAfter = await device.binCount().catch(() => countAfter);
  after = await device.status().catch(() => after);
  testCard.inBin = countAfter > binCount;
  const finalSensors = after ? { channel: after.channel, stock: after.stock, binFull: after.binFull } : sensors;
  return done({
    outcome: testCard.inBin ? 'passed' : 'failed',
    ...(testCard.inBin ? {} : { detail: failure ?? 'card-not-in-bin' }),
    sensors: finalSensors,
    binCount: countAfter,
    problems: after ? sensorProblems(after) : problems,
    testCard,
  });
}
