/**
 * The less common SAM commands over a real PTY: additional address (30 03), line speed (60 nn) and
 * the module number read while opening.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';
import { createIdCardRig, type IdCardRig } from '../../../support/idcard-rig.ts';

let rig: IdCardRig;
let sim: IdCardRig['sim'];
let reader: IdCardRig['reader'];

beforeAll(async () => {
  rig = await createIdCardRig('idcard-commands', { responseTimeoutMs: 1500 }, { open: true, prepare: (s) => (s.samId = '05.01-20240102-0000000042-2024000007') });
  ({ sim, reader } = rig);
});

afterAll(async () => {
  await rig?.close();
});

beforeEach(() => {
  sim.setFault('none');
  sim.removeCard();
  sim.clearCommands();
});

describe('SAM module number', () => {
  it('is read while opening and offered for maintenance', () => {
    expect(reader.samId).toBe('05.01-20240102-0000000042-2024000007');
    expect(reader.details()).toEqual({ samId: '05.01-20240102-0000000042-2024000007', baudRate: '115200' });
  });
});

describe('additional address (30 03)', () => {
  it('is read after the card when asked for, and returned trimmed', async () => {
    sim.presentCard({ ...sampleCards.resident, additionalAddress: '北京市海淀区示例街道5号' });
    const card = await reader.readCard({ timeoutMs: 2000, additionalAddress: true });
    expect(card.additionalAddress).toBe('北京市海淀区示例街道5号');
    expect(card.address).toBe(sampleCards.resident.address);
    expect(sim.commandsReceived).toEqual(['2001', '2002', '3001', '3003']);
  });

  it('is absent when the module answers 91 (the card holds none)', async () => {
    sim.presentCard(sampleCards.resident);
    const card = await reader.readCard({ timeoutMs: 2000, additionalAddress: true });
    expect(card).toEqual(sampleCards.resident);
    expect('additionalAddress' in card).toBe(false);
    expect(sim.commandsReceived.at(-1)).toBe('3003');
  });

  it('is not asked for unless requested', async () => {
    sim.presentCard({ ...sampleCards.resident, additionalAddress: '北京市海淀区示例街道5号' });
    const card = await reader.readCard({ timeoutMs: 2000 });
    expect(card.additionalAddress).toBeUndefined();
    expect(sim.commandsReceived).toEqual(['2001', '2002', '3001']);
  });
});

describe('line speed (60 nn)', () => {
  it('moves the module and the host to 9600 baud, reads a card there, and back to 115200', async () => {
    await reader.setBaudRate(9600);
    expect(sim.commandsReceived).toEqual(['6004']);
    expect(reader.baudRate).toBe(9600);
    expect(sim.baudRate).toBe(9600);
    sim.presentCard(sampleCards.hmt);
    expect(await reader.readCard({ timeoutMs: 2000 })).toEqual(sampleCards.hmt);
    await reader.setBaudRate(115200);
    expect(sim.commandsReceived.at(-1)).toBe('6000');
    expect([reader.baudRate, sim.baudRate]).toEqual([115200, 115200]);
    expect(reader.state.state).toEqual({ kind: 'ready' });
  });

  it('refuses a rate no SAM module supports before sending anything', async () => {
    await expect(reader.setBaudRate(14400 as 9600)).rejects.toThrow(/cannot run at 14400 baud/);
    expect(sim.commandsReceived).toEqual([]);
    expect(reader.state.state).toEqual({ kind: 'ready' });
  });
});
