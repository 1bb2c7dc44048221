/**
 * What the reader notices while nobody is asking it anything: the card leaving after a read, a
 * module that stops answering, and a line that disappears (an unplugged adapter is only noticed
 * when something is written to it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCards } from '../../../../native/simulators/sample-cards.ts';
import { IdCardReader, type IdCardReaderOptions } from '../../../../native/idcard/idcard-reader.ts';
import { createIdCardRig, findCardPolls, type IdCardRig } from '../../../support/idcard-rig.ts';
import type { DeviceState } from '../../../../native/device/device-state.ts';

let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(label: string, opts: Partial<IdCardReaderOptions>): Promise<IdCardRig> {
  const built = await createIdCardRig(label, { responseTimeoutMs: 300, pollIntervalMs: 30, ...opts }, { open: true });
  cleanup = built.close;
  return built;
}

/** Silence is only shown by time passing on the real line: several poll intervals with no command. */
const quietWindow = (pollMs: number) => new Promise((resolve) => setTimeout(resolve, 4 * pollMs));

function nextState(reader: IdCardReader, kind: DeviceState['kind'], timeoutMs: number): Promise<DeviceState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} state within ${timeoutMs} ms`)), timeoutMs);
    reader.state.on('change', function onChange(next) {
      if (next.kind !== kind) return;
      clearTimeout(timer);
      reader.state.off('change', onChange);
      resolve(next);
    });
  });
}

describe('card presence after a read', () => {
  it('keeps quiet while the card stays, and emits card-removed once it is taken away', async () => {
    const { sim, reader } = await rig('idcard-presence', { presencePollMs: 30, removalConfirmations: 2, heartbeatMs: 0 });
    let removed = 0;
    reader.onCardRemoved(() => removed++);
    sim.presentCard(sampleCards.resident);
    await reader.readCard({ timeoutMs: 2000 });
    sim.clearCommands();
    // The reader polls "find card" on its own, without going busy (polled, not timed: CI is slow).
    await expect.poll(() => sim.commandsReceived.length, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(3);
    expect(removed).toBe(0);
    expect(reader.cardPresent).toBe(true);
    expect(reader.state.flags).toEqual(['card-present']);
    expect(new Set(sim.commandsReceived)).toEqual(new Set(['2001']));
    expect(reader.state.state).toEqual({ kind: 'ready' });

    const removedAt = Date.now();
    sim.removeCard();
    await expect.poll(() => removed, { timeout: 3000, interval: 10 }).toBe(1);
    // Two polls 30 ms apart; generous for a loaded machine, far below a citizen's walk away.
    expect(Date.now() - removedAt).toBeLessThan(2000);
    expect(reader.cardPresent).toBe(false);
    expect(reader.state.flags).toEqual([]);
    // Once the card is gone the polling stops (no heartbeat configured): the line stays quiet.
    sim.clearCommands();
    await quietWindow(30);
    expect(sim.commandsReceived).toEqual([]);
    expect(removed).toBe(1);
  });

  it('lets a read start at once while presence polling runs, and reads the next card', async () => {
    const { sim, reader } = await rig('idcard-presence-read', { presencePollMs: 5, heartbeatMs: 0 });
    sim.presentCard(sampleCards.resident);
    await reader.readCard({ timeoutMs: 2000 });
    sim.clearCommands();
    // Presence polling is under way once the line carries "find card" again after the read.
    await expect.poll(() => findCardPolls(sim), { timeout: 2000, interval: 5 }).toBeGreaterThanOrEqual(1);
    sim.presentCard(sampleCards.foreign2017);
    const card = await reader.readCard({ timeoutMs: 2000 });
    expect(card).toEqual(sampleCards.foreign2017);
  });
});

describe('idle heartbeat', () => {
  it('turns a module that stops answering into an error with a reason', async () => {
    const { sim, reader } = await rig('idcard-heartbeat', { presencePollMs: 0, heartbeatMs: 40 });
    sim.setFault('silent');
    const state = await nextState(reader, 'error', 2000);
    expect(state).toMatchObject({ kind: 'error', reason: expect.stringMatching(/stopped answering/) });
    sim.setFault('none');
  });

  it('notices an unplugged line without any operation running', async () => {
    const { pair, reader } = await rig('idcard-unplug', { presencePollMs: 0, heartbeatMs: 40 });
    const failed = nextState(reader, 'error', 2000);
    await pair.close();
    expect(await failed).toMatchObject({ kind: 'error', reason: expect.stringMatching(/serial port/) });
  });
});
