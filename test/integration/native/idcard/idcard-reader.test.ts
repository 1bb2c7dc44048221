import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCards, fillerPhoto } from '../../../../native/simulators/sample-cards.ts';
import type { DeviceState } from '../../../../native/device/device-state.ts';
import { createIdCardRig, expectIdCardError, findCardPolls, type IdCardRig } from '../../../support/idcard-rig.ts';

let rig: IdCardRig;

beforeAll(async () => {
  rig = await createIdCardRig('idcard-reader');
  await rig.reader.open();
});

afterAll(async () => {
  await rig?.close();
});

beforeEach(() => {
  rig.sim.setFault('none');
  rig.sim.removeCard();
  rig.sim.clearCommands();
});

describe('IdCardReader over a PTY against the SAM simulator', () => {
  it('checked the module status while opening and is ready', () => {
    expect(rig.reader.state.state).toEqual({ kind: 'ready' });
  });

  it.each(Object.keys(sampleCards) as (keyof typeof sampleCards)[])('reads the %s sample card', async (name) => {
    const card = sampleCards[name];
    rig.sim.presentCard(card);
    const read = await rig.reader.readCard({ timeoutMs: 2000 });
    expect(read).toEqual(card);
    expect(read.photoWlt).toEqual(card.photoWlt);
  });

  it('sends find, select, then read, in that order', async () => {
    rig.sim.presentCard(sampleCards.resident);
    await rig.reader.readCard({ timeoutMs: 2000 });
    expect(rig.sim.commandsReceived).toEqual(['2001', '2002', '3001']);
  });

  it('polls find until a card is placed, then selects and reads', async () => {
    const reading = rig.reader.readCard({ timeoutMs: 3000 });
    // The card arrives only after the reader has found the field empty twice.
    await expect.poll(() => findCardPolls(rig.sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(2);
    rig.sim.presentCard(sampleCards.hmt);
    const read = await reading;
    expect(read.idNumber).toBe(sampleCards.hmt.idNumber);
    const commands = rig.sim.commandsReceived;
    expect(commands.slice(-3)).toEqual(['2001', '2002', '3001']);
    expect(commands.length).toBeGreaterThan(3);
    expect(new Set(commands.slice(0, -2))).toEqual(new Set(['2001']));
  });

  it('reads the fingerprint block with 30 10 when asked', async () => {
    const fingerprint = fillerPhoto(42);
    rig.sim.presentCard({ ...sampleCards.resident, fingerprint });
    const read = await rig.reader.readCard({ timeoutMs: 2000, fingerprint: true });
    expect(read.fingerprint).toEqual(fingerprint);
    expect(rig.sim.commandsReceived).toEqual(['2001', '2002', '3010']);
  });

  it('times out when no card is placed, and reads the next card normally', async () => {
    const started = Date.now();
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 300 }), 'timeout');
    const elapsed = Date.now() - started;
    expect(error.message).toMatch(/no card was presented within 300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1000);
    expect(rig.reader.state.state).toEqual({ kind: 'ready' });
    rig.sim.presentCard(sampleCards.resident);
    expect((await rig.reader.readCard({ timeoutMs: 2000 })).name).toBe('张三');
  });

  it('stops with "cancelled" when the caller aborts, promptly', async () => {
    const controller = new AbortController();
    const outcome = expectIdCardError(rig.reader.readCard({ timeoutMs: 5000, signal: controller.signal }), 'cancelled');
    await expect.poll(() => findCardPolls(rig.sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(1);
    const abortedAt = Date.now();
    controller.abort();
    await outcome;
    expect(Date.now() - abortedAt).toBeLessThan(2000);
    expect(rig.reader.state.state).toEqual({ kind: 'ready' });
  });

  it('lets a new read start right after cancelling the previous one', async () => {
    const controller = new AbortController();
    const first = rig.reader.readCard({ timeoutMs: 5000, signal: controller.signal });
    await expect.poll(() => findCardPolls(rig.sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(1);
    controller.abort();
    rig.sim.presentCard(sampleCards.foreign2017);
    const second = rig.reader.readCard({ timeoutMs: 2000 });
    await expectIdCardError(first, 'cancelled');
    expect((await second).nameEn).toBe('SMITH, ALICE');
  });

  it('refuses a second operation while one runs, without disturbing the first', async () => {
    const first = rig.reader.readCard({ timeoutMs: 2000 });
    const error = await expectIdCardError(rig.reader.readCard({ timeoutMs: 2000 }), 'busy');
    expect(error.message).toMatch(/busy with read-card/);
    await expectIdCardError(rig.reader.readSamId(), 'busy');
    rig.sim.presentCard(sampleCards.resident);
    expect((await first).idNumber).toBe(sampleCards.resident.idNumber);
  });

  it('reports busy while reading and ready afterwards, with a card-present flag', async () => {
    const states: DeviceState['kind'][] = [];
    const onChange = (next: DeviceState) => states.push(next.kind);
    rig.reader.state.on('change', onChange);
    rig.sim.presentCard(sampleCards.resident);
    await rig.reader.readCard({ timeoutMs: 2000 });
    rig.reader.state.off('change', onChange);
    expect(states).toEqual(['busy', 'ready']);
    expect(rig.reader.state.flags).toEqual(['card-present']);
  });

  it('reads the SAM module number', async () => {
    rig.sim.samId = '05.02-20240315-0000012345-0987654321';
    expect(await rig.reader.readSamId()).toBe('05.02-20240315-0000012345-0987654321');
    expect(rig.sim.commandsReceived).toEqual(['12FF']);
  });
});
