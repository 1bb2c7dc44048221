/**
 * Staff entry with a staff card, through the dispatcher on the demo stack: the real core, the
 * ID-card driver in its child process and the ID-card simulator over a PTY. A card is registered
 * in the data directory before the core starts (as the staff CLI's add-card does). Covered: the
 * corner-sequence gate, a registered card opening the session (and a citizen's pending read not
 * taking the card), timeout and cancel, an unregistered card counting toward the lockout shared
 * with the PIN, the audit trail with masked numbers only, and a terminal without a reader.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { maskIdNumber } from '../../../../../electron/contract/rules/id-number.ts';
import { OTHER_CARD, registerStaffCardSync, STAFF_CARD, STAFF_CARD_LABEL } from '../../../../support/staff-card.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPin } from '../../../../support/staff-pin.ts';
import { findCardPolls } from '../../../../support/idcard-rig.ts';
import { waitFor } from '../../../../support/wait.ts';

const ctx = { shell: 'browser' as const, connectionId: 'staff-card-test' };
const PIN = '258046';
let stack: DemoStack;
let dataDir: string;

const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);

async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function tapSequence(): Promise<void> {
  for (const corner of DEFAULT_CORNER_SEQUENCE) await value('staffCornerTap', { corner });
}

/** Card reads the simulator answered (30 01 / 30 10): what "the card was read" means on the line. */
const cardReads = () => stack.idCard.commandsReceived.filter((c) => c.startsWith('30')).length;

const audit = () => stack.core.maintenance.audit.tail(200);

/** Every file the terminal wrote, for "the number is nowhere". */
function everythingWritten(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(json|jsonl|log)$/.test(e.name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-staff-card-'));
  await provisionStaffPin(dataDir, PIN);
  registerStaffCardSync(dataDir, STAFF_CARD.idNumber, STAFF_CARD_LABEL);
  stack = await startDemoStack({ dataDir, configOverride: { staff: { maxPinAttempts: 3, lockoutSeconds: 30 } } });
  await waitFor(() => stack.core.devices.isReady('idCard'), 10_000, 'id card reader ready');
});

afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('staff card entry', () => {
  it('is refused before the corner sequence, without reading the card on the reader', async () => {
    stack.idCard.presentCard(STAFF_CARD);
    stack.idCard.clearCommands();
    try {
      expect(await call('staffCardLogin', { timeoutMs: 5000 })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(cardReads()).toBe(0);
      expect(audit().at(-1)).toMatchObject({ action: 'staff.entry-refused', details: { reason: 'no-corner-sequence', method: 'staffCardLogin' } });
      expect(await call('staffCardLogin', { timeoutMs: 1000 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    } finally {
      stack.idCard.removeCard();
    }
  });

  it('opens the staff session with the registered card; a citizen read left waiting does not take the card', async () => {
    await value('startSession');
    // The citizen's journey under the PIN pad is still waiting for a card.
    stack.idCard.clearCommands();
    const citizenRead = call('readIdCard', { timeoutMs: 15_000 });
    let citizenReadEnded = false;
    void citizenRead.finally(() => (citizenReadEnded = true));
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    await tapSequence();
    const staffRead = value('staffCardLogin', { timeoutMs: 10_000 });
    // The card goes on only once the staff read has taken the reader over from the citizen's.
    await expect.poll(() => citizenReadEnded, { timeout: 5000, interval: 10 }).toBe(true);
    stack.idCard.clearCommands();
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    stack.idCard.presentCard(STAFF_CARD);
    const result = await staffRead;
    // Two factors: the card alone opens nothing, the PIN must follow.
    expect(result).toEqual({ status: 'pin-required', pinSeconds: 60 });
    expect(await citizenRead).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(NO_SESSION|READ_CANCELLED)$/) } });
    expect(stack.core.sessions.current()).toBeUndefined();
    expect(await call('getMaintenanceOverview')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(audit().at(-1)).toMatchObject({
      action: 'staff.card-accepted',
      details: { method: 'card', card: maskIdNumber(STAFF_CARD.idNumber), label: STAFF_CARD_LABEL },
    });
    expect(await value('staffLogin', { pin: PIN })).toEqual({ status: 'ok', idleSeconds: 300 });
    expect(await call('getMaintenanceOverview')).toMatchObject({ ok: true });
    expect(audit().at(-1)).toMatchObject({ action: 'staff.entry', details: { method: 'card+pin', label: STAFF_CARD_LABEL } });
    expect(await value('staffLogout')).toEqual({ ended: true });
    stack.idCard.removeCard();
  });

  it('times out without a card, and stops waiting on cancel; neither counts as a failed attempt', async () => {
    await tapSequence();
    const started = Date.now();
    expect(await call('staffCardLogin', { timeoutMs: 5000 })).toMatchObject({ ok: false, error: { code: 'CARD_TIMEOUT' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);

    stack.idCard.clearCommands();
    const waiting = call('staffCardLogin', { timeoutMs: 30_000 });
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    expect(await value('cancelStaffCardLogin')).toEqual({ cancelled: true });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'READ_CANCELLED' } });
    expect(await value('cancelStaffCardLogin')).toEqual({ cancelled: false });
    expect(stack.core.maintenance.staffAuth.status()).toMatchObject({ locked: false, remainingAttempts: 6 });
    // The reader is free again: the next entry reads a card at once.
    stack.idCard.clearCommands();
    const next = value('staffCardLogin', { timeoutMs: 5000 });
    await expect.poll(() => findCardPolls(stack.idCard), { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(1);
    stack.idCard.presentCard(STAFF_CARD);
    expect(await next).toMatchObject({ status: 'pin-required' });
    stack.idCard.removeCard();
  });

  it('counts an unregistered card as a failed attempt; during the wait that follows even the registered card is refused unread', async () => {
    await tapSequence();
    stack.idCard.presentCard(OTHER_CARD);
    expect(await value('staffCardLogin', { timeoutMs: 5000 })).toEqual({ status: 'not-registered', remainingAttempts: 5, retryInSeconds: 1 });
    stack.idCard.removeCard();

    stack.idCard.presentCard(STAFF_CARD);
    stack.idCard.clearCommands();
    expect(await value('staffCardLogin', { timeoutMs: 5000 })).toMatchObject({ status: 'locked', long: false });
    expect(cardReads()).toBe(0);
    expect(await value('staffLogin', { pin: PIN })).toMatchObject({ status: 'locked' });
    expect(await call('getMaintenanceOverview')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    stack.idCard.removeCard();

    const other = maskIdNumber(OTHER_CARD.idNumber);
    const entries = audit().map((e) => ({ action: e.action, details: e.details }));
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'staff.card-refused', details: { remainingAttempts: 5, method: 'card', card: other } },
        { action: 'staff.entry-refused', details: { reason: 'wait', method: 'card' } },
      ]),
    );
    expect(stack.core.maintenance.audit.verify()).toMatchObject({ ok: true });
  });

  it('leaves neither number anywhere the terminal writes: audit, staff files, logs', () => {
    const written = everythingWritten(dataDir);
    expect(written).toContain(maskIdNumber(STAFF_CARD.idNumber));
    for (const card of [STAFF_CARD, OTHER_CARD]) {
      expect(written).not.toContain(card.idNumber);
      expect(written).not.toContain(card.address);
    }
    // The staff member's name is in their label by choice; a stranger's card leaves no name.
    expect(written).not.toContain(OTHER_CARD.name);
  });
});

describe('a terminal without an ID-card reader', () => {
  let bare: DemoStack;
  const bareDir = mkdtempSync(join(tmpdir(), 'kiosk-staff-card-bare-'));

  beforeAll(async () => {
    registerStaffCardSync(bareDir, STAFF_CARD.idNumber, STAFF_CARD_LABEL);
    bare = await startDemoStack({ dataDir: bareDir, configOverride: { devices: { idCard: { enabled: false } } } });
  });
  afterAll(async () => {
    await bare?.close();
    rmSync(bareDir, { recursive: true, force: true });
  });

  it('answers DEVICE_UNAVAILABLE, counting no failure', async () => {
    for (const corner of DEFAULT_CORNER_SEQUENCE) await bare.core.apiHost.dispatch('staffCornerTap', { corner }, ctx);
    expect(await bare.core.apiHost.dispatch('staffCardLogin', { timeoutMs: 5000 }, ctx)).toMatchObject({ ok: false, error: { code: 'DEVICE_UNAVAILABLE' } });
    expect(bare.core.maintenance.staffAuth.status()).toMatchObject({ locked: false, remainingAttempts: 10 });
  });
});
