/**
 * privacy.endSessionOnCardRemoval through the whole core: the reader polls for the card after a
 * read, the device manager relays its removal, and the core ends the session (wiping it) only when
 * configured to, and only for a session that holds a card's data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';

const ctx = { shell: 'browser' as const, connectionId: 'card-removal' };
let stack: DemoStack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(endSessionOnCardRemoval: boolean): Promise<DemoStack> {
  stack = await startDemoStack({
    logger: createLogger({ level: 'error', write: () => undefined }),
    configOverride: { privacy: { endSessionOnCardRemoval } },
  });
  await expect.poll(() => stack!.core.devices.isReady('idCard'), { timeout: 10_000, interval: 20 }).toBe(true);
  return stack;
}

async function readCardInSession(s: DemoStack): Promise<void> {
  const started = await s.core.apiHost.dispatch('startSession', {}, ctx);
  expect(started.ok).toBe(true);
  s.idCard.presentCard(sampleCards.resident);
  const read = await s.core.apiHost.dispatch('readIdCard', { timeoutMs: 5000 }, ctx);
  expect(read.ok).toBe(true);
  expect(s.core.sessions.current()?.identity?.name).toBe(sampleCards.resident.name);
}

describe('ending the session when the card is taken away', () => {
  it('ends and wipes the session with reason card-removed when configured', async () => {
    const s = await start(true);
    const ended: { reason: string }[] = [];
    s.core.sessions.on('ended', (info) => ended.push(info));
    await readCardInSession(s);
    const session = s.core.sessions.current()!;
    s.idCard.removeCard();
    await expect.poll(() => s.core.sessions.current(), { timeout: 3000, interval: 20 }).toBeUndefined();
    expect(ended).toEqual([{ sessionId: session.id, reason: 'card-removed' }]);
    expect(session.identity).toBeUndefined();
  });

  it('keeps the session when not configured (the default)', async () => {
    const s = await start(false);
    const removed: string[] = [];
    s.core.devices.on('cardRemoved', (device) => removed.push(device));
    await readCardInSession(s);
    s.idCard.removeCard();
    await expect.poll(() => removed, { timeout: 3000, interval: 20 }).toEqual(['idCard']);
    expect(s.core.sessions.current()?.identity?.name).toBe(sampleCards.resident.name);
  });
});
