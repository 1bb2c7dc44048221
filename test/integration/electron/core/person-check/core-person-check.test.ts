/**
 * 人证核验 through the core's dispatcher, with the real SAM reader driver on a PTY against the
 * simulator and the test WLT decoder: the card photo handed out for the card in the session only,
 * the tries counted by the core (no-face tries too), the threshold and liveness floor applied to
 * the descriptors it is sent, access 'verified' refused until a pass, the decision bound to the
 * card, and nothing of it left once the session ends. The face path itself is the e2e's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { sampleCardPhotoPath } from '../../../../../electron/core/person-check/test-wlt-decoder.ts';
import { fillerPhoto, sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { faceDescriptor, passPersonCheck } from '../../../../support/person-check.ts';
import { waitFor } from '../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'integration' };
const card = sampleCards.resident;
let stack: DemoStack;
const logLines: string[] = [];

const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);
async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}
const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error?.code);

async function sessionWithCard(which = card): Promise<void> {
  await value('startSession');
  stack.idCard.presentCard(which);
  await value('readIdCard', { timeoutMs: 5000 });
}

const compared = (seedLive: number, liveness: number) => ({ kind: 'compared', cardDescriptor: faceDescriptor(1), liveDescriptor: faceDescriptor(seedLive), liveness });

beforeAll(async () => {
  const { createLogger } = await import('../../../../../electron/core/logging/logger.ts');
  stack = await startDemoStack({
    logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }),
    configOverride: { personCheck: { required: true, threshold: 0.6, minLiveness: 0.5, maxTries: 3 } },
  });
  await waitFor(() => stack.core.devices.isReady('idCard'), 10_000);
});

afterAll(async () => {
  await stack?.close();
});

describe('人证核验 in the core', () => {
  it('needs a card in the session before it hands out a photo', async () => {
    stack.idCard.removeCard();
    expect(codeOf(await call('startPersonCheck'))).toBe('NO_SESSION');
    await value('startSession');
    expect(codeOf(await call('startPersonCheck'))).toBe('NO_SESSION');
    expect(codeOf(await call('queryCredit', { kind: 'personal' }))).toBe('PERSON_NOT_VERIFIED');
    await value('endSession', { reason: 'cancelled' });
  });

  it('hands out the decoded card photo, says the decoder is a test one, and counts nothing for it', async () => {
    await sessionWithCard();
    expect(await value('getPersonCheckStatus')).toEqual({ required: true, decision: 'pending', triesLeft: 3, maxTries: 3, photoSource: 'card' });
    const view = await value<{ cardPhoto: string; decoder: { test: boolean }; triesLeft: number }>('startPersonCheck');
    expect(view.cardPhoto).toBe(`data:image/png;base64,${readFileSync(sampleCardPhotoPath(join(import.meta.dirname, '../../../../..', 'resources'))).toString('base64')}`);
    expect(view.decoder.test).toBe(true);
    expect(view.triesLeft).toBe(3);
    await value('endSession', { reason: 'completed' });
  });

  it('fails after three tries of any kind, then refuses more tries and every verified method', async () => {
    await sessionWithCard();
    expect(await value('submitPersonCheck', { kind: 'no-face' })).toEqual({ decision: 'retry', reason: 'no-face', triesLeft: 2 });
    // Two different faces: the core computes the similarity itself; the screen cannot claim a match.
    const other = await value<{ decision: string; reason: string; similarity: number; triesLeft: number }>('submitPersonCheck', compared(2, 0.99));
    expect(other).toMatchObject({ decision: 'retry', reason: 'no-match', triesLeft: 1 });
    expect(other.similarity).toBeLessThan(0.6);
    // The same face but not live: a photo held up.
    expect(await value('submitPersonCheck', compared(1, 0.2))).toMatchObject({ decision: 'failed', reason: 'not-live', similarity: 1, triesLeft: 0 });
    expect(codeOf(await call('submitPersonCheck', compared(1, 1)))).toBe('INVALID_REQUEST');
    expect(codeOf(await call('queryCredit', { kind: 'personal' }))).toBe('PERSON_NOT_VERIFIED');
    expect(codeOf(await call('printCreditReceipt', { jobId: crypto.randomUUID() }))).toBe('PERSON_NOT_VERIFIED');
    expect(await value('getPersonCheckStatus')).toMatchObject({ decision: 'failed', triesLeft: 0 });
    // The log has the decisions and scores, never who.
    const log = logLines.filter((l) => l.includes('person check try'));
    expect(log).toHaveLength(3);
    expect(log.join('\n')).not.toMatch(new RegExp(`${card.idNumber}|${card.name}|${card.idNumber.slice(-4)}`));
    await value('endSession', { reason: 'completed' });
  });

  it('passes a live matching face, lets the verified methods through, and binds the pass to that card', async () => {
    await sessionWithCard();
    const session = stack.core.sessions.current()!;
    await passPersonCheck(call);
    expect(session.personCheck).toMatchObject({ decision: 'passed', tries: 1, lastSimilarity: 1 });
    expect(codeOf(await call('queryCredit', { kind: 'personal' }))).toBe('ok');
    // Another card in the same session: the pass was the first holder's, not this one's.
    stack.idCard.presentCard(sampleCards.hmt);
    await value('readIdCard', { timeoutMs: 5000 });
    expect(codeOf(await call('queryCredit', { kind: 'personal' }))).toBe('PERSON_NOT_VERIFIED');
    expect(await value('getPersonCheckStatus')).toMatchObject({ decision: 'pending', triesLeft: 3 });
    await value('endSession', { reason: 'completed' });
    // The session wipe takes the decision with everything else.
    expect(session.personCheck).toBeUndefined();
    expect(session.identity).toBeUndefined();
    expect(codeOf(await call('getPersonCheckStatus'))).toBe('NO_SESSION');
  });

  it('refuses a card whose photo the decoder cannot read, without counting a try', async () => {
    await sessionWithCard({ ...card, photoWlt: fillerPhoto(99) });
    expect(codeOf(await call('startPersonCheck'))).toBe('CARD_INVALID');
    expect(await value('getPersonCheckStatus')).toMatchObject({ decision: 'pending', triesLeft: 3 });
    await value('endSession', { reason: 'cancelled' });
  });

  it('refuses malformed tries with a clear error and counts none of them', async () => {
    await sessionWithCard();
    const short = { kind: 'compared', cardDescriptor: [0.1, 0.2], liveDescriptor: faceDescriptor(1), liveness: 1 };
    expect(codeOf(await call('submitPersonCheck', short))).toBe('INVALID_REQUEST');
    expect(codeOf(await call('submitPersonCheck', { ...compared(1, 1), liveness: 2 }))).toBe('INVALID_REQUEST');
    expect(codeOf(await call('submitPersonCheck', { kind: 'matched' }))).toBe('INVALID_REQUEST');
    const nan = { ...compared(1, 1), liveDescriptor: faceDescriptor(1).map(() => Number.NaN) };
    expect(codeOf(await call('submitPersonCheck', nan))).toBe('INVALID_REQUEST');
    expect(await value('getPersonCheckStatus')).toMatchObject({ decision: 'pending', triesLeft: 3 });
    await value('endSession', { reason: 'cancelled' });
  });
});
