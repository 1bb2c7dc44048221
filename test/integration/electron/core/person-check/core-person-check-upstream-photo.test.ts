/**
 * 人证核验 against the person's registered photo from the upstream (config personCheck.upstreamPhoto),
 * through the core's dispatcher with the real reader driver on a PTY and the reference upstream on
 * loopback: a terminal without a decoder uses the registered photo and says so; a terminal whose
 * decoder cannot read the card falls back to it; a person with no photo on record, a wrong photo
 * or an upstream that fails are clear errors that count no try; and nothing of the photo is kept
 * after the decision (the session, the log).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { sampleCardPhotoPath } from '../../../../../electron/core/person-check/test-wlt-decoder.ts';
import { fillerPhoto, sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { LI_SI } from '../../../../upstream/service-samples.ts';
import { passPersonCheck } from '../../../../support/person-check.ts';
import { waitFor } from '../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'integration' };
const card = sampleCards.resident;
const samplePhoto = readFileSync(sampleCardPhotoPath(join(import.meta.dirname, '../../../../..', 'resources'))).toString('base64');

interface Started {
  cardPhoto: string | undefined;
  photoSource: string | undefined;
  decoder: { name: string; test: boolean };
}

function harness(personCheck: Record<string, unknown>) {
  let stack: DemoStack;
  const logLines: string[] = [];
  const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);
  const value = async <T>(method: string, payload: unknown = {}): Promise<T> => {
    const res = await call(method, payload);
    if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
    return res.value as T;
  };
  const codeOf = (res: { ok: boolean; error?: { code: string } }) => (res.ok ? 'ok' : res.error?.code);
  beforeAll(async () => {
    const { createLogger } = await import('../../../../../electron/core/logging/logger.ts');
    stack = await startDemoStack({
      logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }),
      configOverride: { personCheck: { required: true, threshold: 0.6, minLiveness: 0.5, maxTries: 3, ...personCheck } },
    });
    await waitFor(() => stack.core.devices.isReady('idCard'), 10_000);
  });
  afterAll(async () => {
    await stack?.close();
  });
  const sessionWithCard = async (which = card): Promise<void> => {
    await value('startSession');
    stack.idCard.presentCard(which);
    await value('readIdCard', { timeoutMs: 5000 });
  };
  return { call, value, codeOf, sessionWithCard, logLines, stack: () => stack };
}

describe('a terminal without a decoder, with the registered photo allowed', () => {
  const h = harness({ decoder: 'none', upstreamPhoto: true });

  it('announces the registered photo, hands it out, and keeps nothing of it after the decision', async () => {
    await h.sessionWithCard();
    expect(await h.value('getPersonCheckStatus')).toEqual({ required: true, decision: 'pending', triesLeft: 3, maxTries: 3, photoSource: 'upstream' });
    const started = await h.value<Started>('startPersonCheck');
    expect(started.photoSource).toBe('upstream');
    expect(started.cardPhoto).toBe(`data:image/png;base64,${samplePhoto}`);
    expect(started.decoder).toEqual({ name: 'none', test: false });

    const session = h.stack().core.sessions.current()!;
    await passPersonCheck(h.call);
    expect(h.codeOf(await h.call('queryCredit', { kind: 'personal' }))).toBe('ok');
    // The session remembers the decision and numbers only: no photo, before or after the wipe.
    expect(JSON.stringify(session.personCheck)).not.toContain(samplePhoto.slice(0, 64));
    expect(Object.keys(session.personCheck ?? {}).sort()).toEqual(['cardKey', 'decidedAt', 'decision', 'lastSimilarity', 'tries']);
    await h.value('endSession', { reason: 'completed' });
    expect(session.personCheck).toBeUndefined();
    expect(session.identity).toBeUndefined();
    // Nor the log: the source, never the photo or the person.
    const log = h.logLines.join('\n');
    expect(log).toContain('"source":"upstream"');
    expect(log).not.toContain(samplePhoto.slice(0, 64));
    expect(log).not.toContain(card.idNumber);
  });

  it('refuses a person with no photo on record (NOT_FOUND) without counting a try', async () => {
    await h.sessionWithCard({ ...card, idNumber: LI_SI, name: '李四' });
    expect(h.codeOf(await h.call('startPersonCheck'))).toBe('NOT_FOUND');
    expect(await h.value('getPersonCheckStatus')).toMatchObject({ decision: 'pending', triesLeft: 3 });
    await h.value('endSession', { reason: 'cancelled' });
  });

  it('makes an upstream that fails an unknown outcome (try again), never a failed check', async () => {
    await h.sessionWithCard();
    h.stack().upstream.setFault('http-500', { times: 1, path: '/api/v1/person-check/registered-photo' });
    expect(h.codeOf(await h.call('startPersonCheck'))).toBe('UPSTREAM_UNAVAILABLE');
    expect(await h.value('getPersonCheckStatus')).toMatchObject({ decision: 'pending', triesLeft: 3 });
    // The next try reaches it.
    expect((await h.value<Started>('startPersonCheck')).photoSource).toBe('upstream');
    await h.value('endSession', { reason: 'cancelled' });
  });
});

describe('a terminal whose decoder cannot read the card, with the registered photo allowed', () => {
  const h = harness({ decoder: 'test', upstreamPhoto: true });

  it('announces card-or-registered, uses the card where it can, and the registered photo where it cannot', async () => {
    await h.sessionWithCard();
    expect(await h.value('getPersonCheckStatus')).toMatchObject({ photoSource: 'card-or-upstream' });
    expect((await h.value<Started>('startPersonCheck')).photoSource).toBe('card');
    await h.value('endSession', { reason: 'cancelled' });

    // Photo bytes the test decoder does not know: as a real decoder refusing a card it cannot read.
    await h.sessionWithCard({ ...card, photoWlt: fillerPhoto(99) });
    const started = await h.value<Started>('startPersonCheck');
    expect(started.photoSource).toBe('upstream');
    expect(started.cardPhoto).toBe(`data:image/png;base64,${samplePhoto}`);
    expect(h.logLines.join('\n')).toContain('"fallback":"upstream"');
    await h.value('endSession', { reason: 'cancelled' });
  });
});

describe('without the registered photo allowed (the default)', () => {
  const h = harness({ decoder: 'none' });

  it('announces the card photo and refuses the check without a decoder, asking the upstream nothing', async () => {
    await h.sessionWithCard();
    expect(await h.value('getPersonCheckStatus')).toMatchObject({ photoSource: 'card' });
    const before = h.stack().upstream.requests.filter((r) => r.path === '/api/v1/person-check/registered-photo').length;
    expect(h.codeOf(await h.call('startPersonCheck'))).toBe('DEVICE_UNAVAILABLE');
    expect(h.stack().upstream.requests.filter((r) => r.path === '/api/v1/person-check/registered-photo').length).toBe(before);
    await h.value('endSession', { reason: 'cancelled' });
  });
});
