/**
 * The hand-out engine with its journal in a real SQLite file and the driver talking to the
 * simulated module over a real PTY: each outcome and each fault, with what the simulator says
 * physically happened (its own record of cards that left the mouth, its bin), the journal row,
 * and the alert staff see. Then reconcile() from every state a crash can leave.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import type { KioskDatabase } from '../../../../../electron/core/db/database.ts';
import type { CardDispenser } from '../../../../../native/dispenser/card-dispenser.ts';
import type { DispenserSimulator } from '../../../../../native/simulators/dispenser-simulator.ts';
import { handOutRefusal, startDispenserRig, type DispenserRig } from '../../../../support/dispenser-rig.ts';
import type { CertificateDispenser } from '../../../../../electron/core/dispensing/certificate-dispenser.ts';
import { HandOutJournal, type HandOutRow } from '../../../../../electron/core/dispensing/handout-journal.ts';

const A = { certificateId: 'CERT-A', certificateNumber: 'ZJ-A-0001', slot: 1 };
const B = { certificateId: 'CERT-B', certificateNumber: 'ZJ-B-0002', slot: 2 };

let rig: DispenserRig;
let sim: DispenserSimulator;
let driver: CardDispenser;
let db: KioskDatabase;
let alerts: AlertBoard;
let reported: HandOutRow[];
let engine: CertificateDispenser;
let makeEngine: DispenserRig['makeEngine'];

beforeEach(async () => {
  rig = await startDispenserRig('dispensing', { slots: { 1: A.certificateNumber, 2: B.certificateNumber } });
  ({ sim, driver, db, alerts, reported, engine, makeEngine } = rig);
});

afterEach(() => rig.close());

const refusal = handOutRefusal;
const alertKinds = () => alerts.list().map((a) => a.kind);

describe('handing out a certificate', () => {
  it('reads the card back, dispenses it, and journals and reports it once it is taken', async () => {
    sim.citizen = () => 30;
    let atMouth = 0;
    await expect(engine.handOut(A, { takeTimeoutMs: 2000, onAtMouth: () => (atMouth += 1) })).resolves.toEqual({ outcome: 'taken' });
    expect(atMouth).toBe(1);
    expect(sim.exits.map((e) => e.cardNumber)).toEqual([A.certificateNumber]);
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'taken', reported: true });
    expect(reported.map((r) => r.certificateId)).toEqual([A.certificateId]);
    // Never twice: the journal refuses it before anything moves.
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 100 }))).toBe('already-handled');
    expect(sim.executed.filter((c) => c === 'moveToRead')).toHaveLength(1);
  });

  it('captures a card not taken in time back into the bin and alerts staff', async () => {
    await expect(engine.handOut(A, { takeTimeoutMs: 150 })).resolves.toEqual({ outcome: 'captured', reason: 'not-taken' });
    expect(sim.exits).toEqual([]);
    expect(sim.bin.map((c) => c.number)).toEqual([A.certificateNumber]);
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'captured', detail: 'not-taken' });
    expect(alertKinds()).toContain('certificate-captured');
    expect(reported).toEqual([]);
  });

  it('never lets a card with another number leave: captured, alerted, nothing handed out', async () => {
    sim.load(2, A.certificateNumber);
    sim.citizen = () => 0;
    expect(await refusal(engine.handOut(B, { takeTimeoutMs: 500 }))).toBe('wrong-card');
    expect(sim.exits).toEqual([]);
    expect(sim.bin).toEqual([{ slot: 2, number: A.certificateNumber }]);
    expect(engine.journal.get(B.certificateId)).toMatchObject({ state: 'captured', detail: 'wrong-card' });
    expect(alertKinds()).toContain('certificate-wrong-card');
  });

  it('an empty slot: nothing moved, the certificate released, staff told to check the loading', async () => {
    sim.slots.delete(1);
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 100 }))).toBe('not-in-machine');
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'released', detail: 'slot-empty' });
    expect(alertKinds()).toContain('certificate-not-in-slot');
  });

  it('a jam while dispensing: the card may be anywhere, so it is never retried and staff are alerted', async () => {
    sim.inject('jam');
    sim.citizen = () => 0;
    // The jam hits the first move: the card is stuck between slot and read position.
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 200 }))).toBe('jammed');
    expect(sim.exits).toEqual([]);
    expect(engine.journal.get(A.certificateId)?.state).toBe('unknown');
    expect(alertKinds()).toEqual(expect.arrayContaining(['certificate-handout-unknown']));
    // Nothing else goes out until staff clear the channel.
    expect(await refusal(engine.handOut(B, { takeTimeoutMs: 200 }))).toBe('jammed');
    expect(alertKinds()).toContain('dispenser-fault');
    sim.clearJam();
    await expect(engine.handOut(B, { takeTimeoutMs: 500 })).resolves.toEqual({ outcome: 'taken' });
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 200 }))).toBe('already-handled');
  });

  it('refuses to start with a full bin: a wrong or forgotten card could not be taken back', async () => {
    sim.binCapacity = 0;
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 100 }))).toBe('bin-full');
    expect(engine.journal.get(A.certificateId)).toBeUndefined();
    expect(sim.executed).not.toContain('moveToRead');
    expect(alertKinds()).toContain('dispenser-fault');
  });

  it('a lost answer to the dispense: the sensors say the card is at the mouth, so the hand-out goes on', async () => {
    sim.inject('drop-answer', 1);
    // The first lost answer is the status before moving; the hand-out then asks again.
    sim.citizen = () => 600;
    await expect(engine.handOut(A, { takeTimeoutMs: 3000 })).resolves.toEqual({ outcome: 'taken' });
    expect(sim.exits).toHaveLength(1);
  });

  it('a card that went from the mouth before the terminal knew it was there is unknown, never retried', async () => {
    // The answer to the dispense is lost and the citizen takes the card at once.
    sim.citizen = () => 0;
    const original = driver.dispense.bind(driver);
    driver.dispense = async () => {
      sim.inject('drop-answer');
      return original();
    };
    expect(await refusal(engine.handOut(A, { takeTimeoutMs: 300 }))).toBe('unknown');
    expect(sim.exits).toHaveLength(1);
    expect(engine.journal.get(A.certificateId)?.state).toBe('unknown');
    expect(alertKinds()).toContain('certificate-handout-unknown');
    expect(reported).toEqual([]);
  });

  it('leaves the open row of a hand-out in progress alone when asked to reconcile meanwhile', async () => {
    sim.moveMs = 150;
    sim.citizen = () => 60;
    const handOut = engine.handOut(A, { takeTimeoutMs: 2000 });
    await expect.poll(() => engine.journal.open().map((r) => r.certificateId), { interval: 5 }).toEqual([A.certificateId]);
    expect(await engine.reconcile()).toEqual({ settled: [] });
    await expect(handOut).resolves.toEqual({ outcome: 'taken' });
    expect(sim.executed).not.toContain('capture');
    expect(await refusal(engine.handOut(B, { takeTimeoutMs: 100 }).then(() => engine.handOut(B, { takeTimeoutMs: 100 })))).toBe('already-handled');
  });

  it('retries a failed report at the next reconcile with the same certificate', async () => {
    sim.citizen = () => 0;
    let fail = true;
    engine = makeEngine(async (row) => {
      if (fail) throw new Error('outbox full');
      reported.push(row);
    });
    await expect(engine.handOut(A, { takeTimeoutMs: 1000 })).resolves.toEqual({ outcome: 'taken' });
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'taken', reported: false });
    fail = false;
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)).toMatchObject({ state: 'taken', reported: true });
    expect(reported).toHaveLength(1);
  });
});

describe('reconciling after a crash', () => {
  const journalAt = (state: Parameters<HandOutJournal['set']>[1], extra: Parameters<HandOutJournal['set']>[2] = {}) => {
    const journal = new HandOutJournal(db);
    journal.claim(A);
    journal.set(A.certificateId, state, extra);
  };

  it('claimed: nothing moved, released', async () => {
    journalAt('claimed');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('released');
  });

  it('moving-to-read with the card still in its slot: released; with it at the read position: captured', async () => {
    journalAt('moving-to-read');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('released');
    await driver.moveToRead(1);
    new HandOutJournal(db).claim(A);
    new HandOutJournal(db).set(A.certificateId, 'moving-to-read');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('captured');
    expect(sim.bin.map((c) => c.number)).toEqual([A.certificateNumber]);
    expect(alertKinds()).toContain('certificate-captured');
  });

  it('at the mouth and still there: captured (its citizen is gone); gone: taken and reported', async () => {
    await driver.moveToRead(1);
    await driver.dispense();
    journalAt('at-mouth');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('captured');
    await driver.moveToRead(2);
    await driver.dispense();
    sim.takeCard();
    const journal = new HandOutJournal(db);
    journal.claim(B);
    journal.set(B.certificateId, 'at-mouth');
    await engine.reconcile();
    expect(engine.journal.get(B.certificateId)).toMatchObject({ state: 'taken', reported: true });
  });

  it('dispensing and the card gone: unknown for staff, not taken, not retried', async () => {
    await driver.moveToRead(1);
    await driver.dispense();
    sim.takeCard();
    journalAt('dispensing');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('unknown');
    expect(alertKinds()).toContain('certificate-handout-unknown');
    expect(reported).toEqual([]);
  });

  it('capturing: the bin count tells a finished capture; no count change is unknown', async () => {
    await driver.moveToRead(1);
    await driver.dispense();
    journalAt('capturing', { captureFrom: 'at-mouth', binCountBefore: 0 });
    await driver.capture();
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('captured');

    await driver.moveToRead(2);
    await driver.dispense();
    sim.takeCard();
    const journal = new HandOutJournal(db);
    journal.claim(B);
    journal.set(B.certificateId, 'capturing', { captureFrom: 'at-mouth', binCountBefore: 1 });
    await engine.reconcile();
    expect(engine.journal.get(B.certificateId)?.state).toBe('unknown');
  });

  it('a jammed channel: every open row is unknown for staff', async () => {
    sim.inject('jam');
    await driver.moveToRead(1).catch(() => undefined);
    journalAt('moving-to-read');
    await engine.reconcile();
    expect(engine.journal.get(A.certificateId)?.state).toBe('unknown');
  });
});
