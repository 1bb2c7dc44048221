/**
 * The core through its dispatcher, with the real drivers on PTYs against the simulators and the
 * reference upstream on loopback: the credit journey, its failure paths and the wipe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../../electron/shells/browser/demo/demo-stack.ts';
import { maskIdNumber } from '../../../../../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../../../../../native/simulators/sample-cards.ts';
import { findCardPolls } from '../../../../../support/idcard-rig.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { waitFor } from '../../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'integration' };
const card = sampleCards.resident;
let stack: DemoStack;
const logLines: string[] = [];

async function call(method: string, payload: unknown = {}) {
  return stack.core.apiHost.dispatch(method, payload, ctx);
}

async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  const { createLogger } = await import('../../../../../../electron/core/logging/logger.ts');
  stack = await startDemoStack({
    logger: createLogger({ level: 'debug', write: (l) => logLines.push(l) }),
    configOverride: { upstream: { timeoutMs: 800 } },
  });
  await waitFor(() => stack.core.devices.isReady('idCard') && stack.core.devices.isReady('printer'), 10_000);
});

afterAll(async () => {
  await stack?.close();
});

describe('core credit journey', () => {
  it('reads the card, queries credit, prints a receipt once, and wipes at the end', async () => {
    const info = await value<{ services: { id: string; available: boolean }[] }>('getTerminalInfo');
    expect(info.services.find((s) => s.id === 'credit-query')?.available).toBe(true);

    await value('startSession');
    stack.idCard.clearCommands();
    const reading = value<{ name: string; idNumberMasked: string }>('readIdCard', { timeoutMs: 5000 });
    // The card goes on the reader once the read is polling for it, as a citizen's hand would.
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    stack.idCard.presentCard(card);
    const view = await reading;
    expect(view).toMatchObject({ name: card.name, idNumberMasked: maskIdNumber(card.idNumber) });
    expect(JSON.stringify(view)).not.toContain(card.idNumber);

    expect(await call('queryCredit', { kind: 'personal' })).toMatchObject({ ok: false, error: { code: 'PERSON_NOT_VERIFIED' } });
    await passPersonCheck(call);
    const credit = await value<{ reportNo: string; idNumberMasked: string }>('queryCredit', { kind: 'personal' });
    expect(credit.idNumberMasked).toBe(maskIdNumber(card.idNumber));
    expect(credit.reportNo).not.toBe('');

    const jobId = crypto.randomUUID();
    expect(await value('printCreditReceipt', { jobId })).toMatchObject({ jobId, status: 'printed' });
    expect(await value('printCreditReceipt', { jobId })).toMatchObject({ jobId, status: 'already-printed' });
    expect(stack.printer.receipts).toHaveLength(1);
    expect(stack.printer.receipts[0]!.lines.join('\n')).toContain(credit.reportNo);

    await value('endSession', { reason: 'completed' });
    expect(stack.core.sessions.current()).toBeUndefined();
    const after = await call('queryCredit', { kind: 'personal' });
    expect(after).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
    expect(logLines.join('\n')).not.toContain(card.idNumber);
  });

  it('reports a card-read timeout and stays usable for the next card', async () => {
    stack.idCard.removeCard();
    await value('startSession');
    const res = await call('readIdCard', { timeoutMs: 1000 });
    expect(res).toMatchObject({ ok: false, error: { code: 'CARD_TIMEOUT' } });
    stack.idCard.presentCard(card);
    const view = await value<{ name: string }>('readIdCard', { timeoutMs: 5000 });
    expect(view.name).toBe(card.name);
    await value('endSession', { reason: 'completed' });
  });

  it('maps an upstream that answers 500 or hangs to UPSTREAM_UNAVAILABLE and keeps the session', async () => {
    await value('startSession');
    stack.idCard.presentCard(card);
    await value('readIdCard', { timeoutMs: 5000 });
    await passPersonCheck(call);
    stack.upstream.setFault('http-500');
    expect(await call('queryCredit', { kind: 'personal' })).toMatchObject({ ok: false, error: { code: 'UPSTREAM_UNAVAILABLE' } });
    stack.upstream.setFault('hang');
    expect(await call('queryCredit', { kind: 'personal' })).toMatchObject({ ok: false, error: { code: 'UPSTREAM_UNAVAILABLE' } });
    stack.upstream.setFault('none');
    expect((await call('queryCredit', { kind: 'personal' })).ok).toBe(true);
    await value('endSession', { reason: 'completed' });
  });

  it('refuses to print while paper is out and prints the same job exactly once after refill', async () => {
    stack.printer.clear();
    await value('startSession');
    stack.idCard.presentCard(card);
    await value('readIdCard', { timeoutMs: 5000 });
    await passPersonCheck(call);
    await value('queryCredit', { kind: 'personal' });
    stack.printer.setCondition({ paperOut: true });
    const jobId = crypto.randomUUID();
    expect(await value('printCreditReceipt', { jobId })).toMatchObject({ status: 'waiting-for-paper' });
    expect(stack.printer.receipts).toHaveLength(0);
    stack.printer.setCondition({ paperOut: false });
    expect(await value('printCreditReceipt', { jobId })).toMatchObject({ status: 'printed' });
    expect(await value('printCreditReceipt', { jobId })).toMatchObject({ status: 'already-printed' });
    expect(stack.printer.receipts).toHaveLength(1);
    await value('endSession', { reason: 'completed' });
  });

  it('ends the core session when a card read is cancelled by the session ending', async () => {
    stack.idCard.removeCard();
    await value('startSession');
    stack.idCard.clearCommands();
    const pending = call('readIdCard', { timeoutMs: 20_000 });
    // Past any presence polls left from the last card: the read itself is polling the line.
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(3);
    await value('endSession', { reason: 'cancelled' });
    const res = await pending;
    expect(res.ok).toBe(false);
    expect(stack.core.sessions.current()).toBeUndefined();
  });
});
