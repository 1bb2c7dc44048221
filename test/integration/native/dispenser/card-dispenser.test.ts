/**
 * The driver against the simulated module over a real PTY pair: each command, each sensor state,
 * NAK and silence retried, a corrupt answer repeated without a second movement, a lost answer
 * reported as an unknown outcome, and the module's own errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CardDispenser } from '../../../../native/dispenser/card-dispenser.ts';
import { DispenserError } from '../../../../native/dispenser/dispenser-error.ts';
import { createPtyPair, type PtyPair } from '../../../../native/serial/pty-pair.ts';
import { DispenserSimulator } from '../../../../native/simulators/dispenser-simulator.ts';

let pty: PtyPair;
let sim: DispenserSimulator;
let dispenser: CardDispenser;

beforeEach(async () => {
  pty = await createPtyPair('dispenser');
  sim = new DispenserSimulator({ path: pty.simulatorPath, slots: { 1: 'ZJ-0001', 2: 'ZJ-0002', 3: 'ZJ-0003', 4: 'ZJ-0004' } });
  await sim.start();
  dispenser = new CardDispenser({ path: pty.devicePath, ackTimeoutMs: 150, moveTimeoutMs: 600, queryTimeoutMs: 400 });
  await dispenser.open();
});

afterEach(async () => {
  await dispenser.close().catch(() => undefined);
  await sim.stop();
  await pty.close();
});

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DispenserError);
  return { code: (error as DispenserError).code, unknown: (error as DispenserError).outcomeUnknown };
};

describe('card dispenser over a PTY', () => {
  it('opens ready and reports the sensors', async () => {
    expect(dispenser.state.state.kind).toBe('ready');
    expect(await dispenser.status()).toEqual({ channel: 'empty', stock: 'ok', binFull: false });
    expect(dispenser.details()).toMatchObject({ baudRate: '9600' });
  });

  it('moves a card to the read position, reads it back, dispenses it, and the citizen takes it', async () => {
    expect(await dispenser.moveToRead(2)).toMatchObject({ channel: 'read' });
    expect(dispenser.state.flags).toContain('card-at-read-position');
    expect(await dispenser.readCardNumber()).toBe('ZJ-0002');
    expect(await dispenser.dispense()).toMatchObject({ channel: 'mouth' });
    expect(dispenser.state.flags).toContain('card-at-mouth');
    expect(sim.takeCard()).toBe(true);
    expect(await dispenser.status()).toMatchObject({ channel: 'empty' });
    expect(sim.exits.map((e) => e.cardNumber)).toEqual(['ZJ-0002']);
    expect(await dispenser.slotOccupied(2)).toBe(false);
    expect(await dispenser.slotOccupied(1)).toBe(true);
  });

  it('captures a card left at the mouth into the bin and counts it', async () => {
    await dispenser.moveToRead(1);
    await dispenser.dispense();
    expect(await dispenser.binCount()).toBe(0);
    expect(await dispenser.capture()).toMatchObject({ channel: 'empty' });
    expect(await dispenser.binCount()).toBe(1);
    expect(sim.exits).toEqual([]);
    expect(sim.bin.map((c) => c.number)).toEqual(['ZJ-0001']);
  });

  it('reports low and empty stock and a full bin as flags', async () => {
    sim.slots.delete(3);
    sim.slots.delete(4);
    await dispenser.status();
    expect(dispenser.state.flags).toContain('stock-low');
    sim.slots.clear();
    sim.binCapacity = 0;
    await dispenser.status();
    expect(dispenser.state.flags).toEqual(expect.arrayContaining(['stock-empty', 'bin-full']));
  });

  it('sends a NAKed command again, and gives up with "refused" after three NAKs', async () => {
    sim.inject('nak', 2);
    expect(await dispenser.status()).toMatchObject({ channel: 'empty' });
    sim.inject('nak', 3);
    expect(await codeOf(dispenser.moveToRead(1))).toEqual({ code: 'refused', unknown: false });
    expect(sim.slots.has(1)).toBe(true);
  });

  it('sends a command the module did not hear again, and times out without an ACK as a known non-move', async () => {
    sim.inject('silent', 1);
    expect(await dispenser.moveToRead(1)).toMatchObject({ channel: 'read' });
    expect(sim.executed.filter((c) => c === 'moveToRead')).toHaveLength(1);
    sim.inject('silent', 3);
    expect(await codeOf(dispenser.dispense())).toEqual({ code: 'timeout', unknown: false });
    expect(sim.channel).toBe('read');
  });

  it('NAKs a corrupt answer and gets it repeated, without moving the card twice', async () => {
    sim.inject('corrupt-answer');
    expect(await dispenser.moveToRead(3)).toMatchObject({ channel: 'read' });
    expect(sim.executed.filter((c) => c === 'moveToRead')).toHaveLength(1);
  });

  it('reports a lost answer after the ENQ as an unknown outcome: the move happened', async () => {
    sim.inject('drop-answer');
    expect(await codeOf(dispenser.moveToRead(1))).toEqual({ code: 'timeout', unknown: true });
    expect(await dispenser.status()).toMatchObject({ channel: 'read' });
  });

  it('passes on the module errors: empty slot, occupied channel, no card, unreadable, jam, bin full', async () => {
    expect((await codeOf(dispenser.moveToRead(9))).code).toBe('slot-empty');
    expect((await codeOf(dispenser.dispense())).code).toBe('no-card-in-channel');
    await dispenser.moveToRead(1);
    expect((await codeOf(dispenser.moveToRead(2))).code).toBe('channel-occupied');
    sim.inject('unreadable');
    expect((await codeOf(dispenser.readCardNumber())).code).toBe('unreadable');
    sim.binCapacity = 0;
    expect((await codeOf(dispenser.capture())).code).toBe('bin-full');
    sim.inject('jam');
    expect((await codeOf(dispenser.dispense())).code).toBe('jammed');
    expect(await dispenser.status()).toMatchObject({ channel: 'jammed' });
    expect(dispenser.state.flags).toContain('jammed');
    expect(dispenser.isLinkFailure('jammed')).toBe(false);
  });

  it('is out of service while jammed and back by itself once staff clear the channel (idle status poll)', async () => {
    const polled = new CardDispenser({ path: pty.devicePath, statusPollMs: 30 });
    await dispenser.close();
    await polled.open();
    try {
      sim.inject('jam');
      expect((await codeOf(polled.moveToRead(1))).code).toBe('jammed');
      expect(polled.state.state).toEqual({ kind: 'error', reason: 'jammed' });
      expect(polled.isLinkFailure('jammed')).toBe(false);
      sim.clearJam();
      await expect.poll(() => polled.state.state.kind).toBe('ready');
      expect(polled.state.flags).not.toContain('jammed');
    } finally {
      await polled.close();
    }
  });

  it('reports a card loaded in the wrong slot by its real number', async () => {
    sim.load(5, 'ZJ-9999');
    await dispenser.moveToRead(5);
    expect(await dispenser.readCardNumber()).toBe('ZJ-9999');
  });

  it('fails cleanly when the port is closed', async () => {
    await dispenser.close();
    expect((await codeOf(dispenser.status())).code).toBe('port');
  });
});
