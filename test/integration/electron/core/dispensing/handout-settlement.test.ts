/**
 * Staff's side of the dispenser against the simulated module over a real PTY and the journal in a
 * real SQLite file: settling a hand-out the terminal could not finish (captured, unknown) moves
 * its row to 'settled' for ever, clears its alert and is never handed out again; the self-test
 * reads the sensors without moving anything, and moves one test card into the bin only when
 * asked (never to the mouth), refusing while the channel is occupied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import type { CardDispenser } from '../../../../../native/dispenser/card-dispenser.ts';
import type { DispenserSimulator } from '../../../../../native/simulators/dispenser-simulator.ts';
import { handOutRefusal, startDispenserRig, type DispenserRig } from '../../../../support/dispenser-rig.ts';
import type { CertificateDispenser } from '../../../../../electron/core/dispensing/certificate-dispenser.ts';
import { dispenserSelfTest } from '../../../../../electron/core/dispensing/dispenser-self-test.ts';
import type { HandOutRow } from '../../../../../electron/core/dispensing/handout-journal.ts';
import { settleHandOut, SettleRefused } from '../../../../../electron/core/dispensing/handout-settlement.ts';

const A = { certificateId: 'CERT-A', certificateNumber: 'ZJ-A-0001', slot: 1 };
const B = { certificateId: 'CERT-B', certificateNumber: 'ZJ-B-0002', slot: 2 };
const TEST_CARD = 'TEST-BLANK-9876';

let rig: DispenserRig;
let sim: DispenserSimulator;
let driver: CardDispenser;
let alerts: AlertBoard;
let reported: HandOutRow[];
let engine: CertificateDispenser;

beforeEach(async () => {
  rig = await startDispenserRig('settlement', { slots: { 1: A.certificateNumber, 2: B.certificateNumber, 9: TEST_CARD }, lowThreshold: 1 });
  ({ sim, driver, alerts, reported, engine } = rig);
});

afterEach(() => rig.close());

const refusal = handOutRefusal;
const alertIds = () => alerts.list().map((a) => a.id);

describe('settling a hand-out', () => {
  it('a captured card found in the bin: settled for ever, its alert gone, never handed out again', async () => {
    await expect(engine.handOut(A, { takeTimeoutMs: 100 })).resolves.toEqual({ outcome: 'captured', reason: 'not-taken' });
    expect(alertIds()).toContain('certificate-captured:cert-a');
    expect(engine.journal.awaitingStaff().map((r) => r.certificateId)).toEqual([A.certificateId]);

    const row = settleHandOut(engine.journal, alerts, A.certificateId, 'in-bin', 'found in the bin, kept for the counter');
    expect(row).toMatchObject({ state: 'settled', settled: { found: 'in-bin', from: 'captured', note: 'found in the bin, kept for the counter' } });
    expect(alertIds()).not.toContain('certificate-captured:cert-a');
    expect(engine.journal.awaitingStaff()).toEqual([]);

    // Put back in its slot by mistake: still refused before anything moves.
    sim.load(A.slot, A.certificateNumber);
    const movesBefore = sim.executed.filter((c) => c === 'moveToRead').length;
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 100 }))).toBe('already-handled');
    expect(sim.executed.filter((c) => c === 'moveToRead')).toHaveLength(movesBefore);
    expect(sim.exits).toEqual([]);
    // Not reported as taken: the citizen never had it.
    await engine.reconcile();
    expect(reported).toEqual([]);
  });

  it('an unknown hand-out found handed out: settled, and reported to the upstream once like a taken one', async () => {
    // The answer to the dispense is lost and the citizen takes the card at once: the terminal cannot tell.
    sim.citizen = () => 0;
    const original = driver.dispense.bind(driver);
    driver.dispense = async () => {
      sim.inject('drop-answer');
      return original();
    };
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 300 }))).toBe('unknown');
    expect(sim.exits).toHaveLength(1);
    expect(engine.journal.get(A.certificateId)?.state).toBe('unknown');
    expect(alertIds()).toContain('certificate-unknown:cert-a');

    settleHandOut(engine.journal, alerts, A.certificateId, 'handed-out', 'the citizen came back to the desk with it');
    expect(alertIds()).not.toContain('certificate-unknown:cert-a');
    await engine.reconcile();
    expect(reported.map((r) => r.certificateId)).toEqual([A.certificateId]);
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'settled', reported: true });
    await engine.reconcile();
    expect(reported).toHaveLength(1);
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 100 }))).toBe('already-handled');
  });

  it('refuses a row that is not waiting for staff, and one that does not exist, changing nothing', async () => {
    sim.citizen = () => 20;
    await expect(engine.handOut(B, { takeTimeoutMs: 2000 })).resolves.toEqual({ outcome: 'taken' });
    expect(() => settleHandOut(engine.journal, alerts, B.certificateId, 'missing', 'x')).toThrow(SettleRefused);
    expect(engine.journal.get(B.certificateId)).toMatchObject({ state: 'taken', settled: null });
    expect(() => settleHandOut(engine.journal, alerts, 'CERT-NONE', 'missing', 'x')).toThrow(/no hand-out/);
    // Settled once: a second settle is refused and the first finding stays.
    sim.citizen = undefined;
    await expect(engine.handOut(A, { takeTimeoutMs: 50 })).resolves.toEqual({ outcome: 'captured', reason: 'not-taken' });
    settleHandOut(engine.journal, alerts, A.certificateId, 'missing', 'not in the bin');
    expect(() => settleHandOut(engine.journal, alerts, A.certificateId, 'in-bin', 'changed my mind')).toThrow(SettleRefused);
    expect(engine.journal.get(A.certificateId)?.settled).toMatchObject({ found: 'missing', note: 'not in the bin' });
  });
});

describe('the dispenser self-test', () => {
  it('reads status and sensors without moving a card', async () => {
    const report = await dispenserSelfTest(driver, engine.journal);
    expect(report).toMatchObject({ outcome: 'passed', sensors: { channel: 'empty', stock: 'ok', binFull: false }, binCount: 0, problems: [] });
    expect(report.testCard).toBeUndefined();
    expect(sim.executed).not.toContain('moveToRead');
    expect(sim.executed).not.toContain('capture');
    expect(sim.executed).not.toContain('dispense');
  });

  it('shows each sensor problem: stock low, bin full, a jam', async () => {
    sim.slots.delete(2);
    sim.slots.delete(9);
    sim.binCapacity = 0;
    expect((await dispenserSelfTest(driver, engine.journal)).problems).toEqual(['stock-low', 'bin-full']);
    sim.slots.clear();
    expect((await dispenserSelfTest(driver, engine.journal)).problems).toEqual(['stock-empty', 'bin-full']);
    sim.binCapacity = 10;
    sim.load(1, A.certificateNumber);
    sim.inject('jam');
    await expect(driver.moveToRead(1)).rejects.toThrow();
    const jammed = await dispenserSelfTest(driver, engine.journal, { dispenseToBinSlot: 9 });
    expect(jammed).toMatchObject({ outcome: 'refused', detail: 'jammed', sensors: { channel: 'jammed' } });
    expect(jammed.problems).toContain('jammed');
  });

  it('moves the test card into the bin when staff choose it, never to the mouth', async () => {
    const report = await dispenserSelfTest(driver, engine.journal, { dispenseToBinSlot: 9 });
    expect(report).toMatchObject({ outcome: 'passed', binCount: 1, testCard: { slot: 9, readBack: '9876', inBin: true }, sensors: { channel: 'empty' } });
    expect(sim.bin).toEqual([{ slot: 9, number: TEST_CARD }]);
    expect(sim.exits).toEqual([]);
    expect(sim.executed).not.toContain('dispense');
  });

  it('refuses to move a card while one is in the channel or the bin is full', async () => {
    await driver.moveToRead(1);
    expect(await dispenserSelfTest(driver, engine.journal, { dispenseToBinSlot: 9 })).toMatchObject({ outcome: 'refused', detail: 'card-in-channel' });
    await driver.capture();
    sim.binCapacity = 1;
    expect(await dispenserSelfTest(driver, engine.journal, { dispenseToBinSlot: 9 })).toMatchObject({ outcome: 'refused', detail: 'bin-full' });
    expect(sim.slots.get(9)).toBe(TEST_CARD);
  });

  it('an empty test slot fails without moving anything else', async () => {
    const report = await dispenserSelfTest(driver, engine.journal, { dispenseToBinSlot: 7 });
    expect(report.outcome).toBe('failed');
    expect(report.detail).toMatch(/move to read/);
    expect(report.testCard).toMatchObject({ slot: 7, inBin: false });
    expect(sim.bin).toEqual([]);
  });

  it('is unavailable without a device', async () => {
    expect(await dispenserSelfTest(undefined, engine.journal)).toMatchObject({ outcome: 'unavailable', sensors: null });
  });
});
