/**
 * The dispatcher applies each method's entry of the contract table: access (open / citizen /
 * staff), enabled services, the out-of-service rule and the monthly tally. Handlers here only
 * record what they were given; the rules are the dispatcher's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIOSK_API } from '../../../../../electron/contract/api-table.ts';
import { KIOSK_METHODS, type KioskMethod } from '../../../../../electron/contract/channels.ts';
import type { MethodEntry } from '../../../../../electron/contract/method.ts';
import { KioskDispatcher, type DispatchPolicy, type KioskHandler } from '../../../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { ServiceTally } from '../../../../../electron/core/evaluation/service-tally.ts';
import { SessionStore } from '../../../../../electron/core/session/session-store.ts';
import { cardKeyOf } from '../../../../../electron/core/person-check/person-verified.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { handlerTable } from '../../../../support/handler-table.ts';
import { useOutboxDb } from '../../../../support/outbox-test-db.ts';

const t = useOutboxDb('dispatch-policy');
const ctx = { shell: 'browser' as const, connectionId: 't' };
const entry = (method: KioskMethod) => KIOSK_API[method] as MethodEntry;

interface Rig {
  dispatcher: KioskDispatcher;
  sessions: SessionStore;
  seen: Array<{ method: KioskMethod; session?: string }>;
  staffOpen: { value: boolean };
  inService: { value: boolean };
  enabled: Set<string>;
  counted: string[];
}

function rig(options: { fail?: Set<KioskMethod>; tally?: ServiceTally; countFails?: boolean; personCheckRequired?: boolean } = {}): Rig {
  const sessions = new SessionStore({ backstopMs: 60_000 });
  const seen: Rig['seen'] = [];
  const staffOpen = { value: false };
  const inService = { value: true };
  const enabled = new Set<string>(['credit-query', 'form-filling', 'traffic-violation']);
  const counted: string[] = [];
  const recorder = (method: KioskMethod): KioskHandler<KioskMethod> => (_request, context) => {
    if (options.fail?.has(method)) throw new KioskError('UPSTREAM_UNAVAILABLE', 'down');
    const session = (context as { session?: { id: string } }).session;
    seen.push({ method, ...(session ? { session: session.id } : {}) });
    return {} as never;
  };
  const policy: DispatchPolicy = {
    citizenSession: () => sessions.current(),
    requireStaff: (method) => {
      if (!staffOpen.value) throw new KioskError('UNAUTHORIZED', `${method}: staff login required`);
    },
    inService: () => inService.value,
    serviceEnabled: (id) => enabled.has(id),
    ...(options.personCheckRequired === undefined ? {} : { personCheckRequired: () => options.personCheckRequired ?? true }),
    countTransaction: (id) => {
      if (options.countFails) throw new Error('disk full');
      counted.push(id);
      options.tally?.recordTransaction(id);
    },
  };
  const warnings: string[] = [];
  const dispatcher = new KioskDispatcher(handlerTable({}, recorder), {
    policy,
    logger: { error: () => {}, warn: (message) => warnings.push(message) },
  });
  return { dispatcher, sessions, seen, staffOpen, inService, enabled, counted };
}

const codeOf = (response: { ok: boolean; error?: { code: string } }) => (response.ok ? 'ok' : response.error?.code);

describe('the contract table', () => {
  it('declares every method once, with an access level, an owner, and a positive timeout', () => {
    expect(Object.keys(KIOSK_API).sort()).toEqual([...KIOSK_METHODS].sort());
    for (const method of KIOSK_METHODS) {
      const e = entry(method);
      expect(['open', 'citizen', 'verified', 'staff'], method).toContain(e.access);
      expect(e.service.length, method).toBeGreaterThan(0);
      expect(e.timeoutMs, method).toBeGreaterThan(0);
    }
  });

  it('counts only completing calls, for catalogue services (browsing and printing are not transactions)', () => {
    const tallied = KIOSK_METHODS.filter((m) => entry(m).tally);
    expect(tallied).not.toContain('listForms');
    expect(tallied).not.toContain('printServiceReceipt');
    // Every catalogue service that does something for the citizen (all but the 'local' pages) is
    // tallied, and nothing else: read from the catalogue, so a new service needs no edit here.
    const catalogue = JSON.parse(readFileSync(new URL('../../../../../resources/services/catalogue.json', import.meta.url), 'utf8')) as { services: { id: string; kind: string }[] };
    expect(new Set(tallied.map((m) => entry(m).tally))).toEqual(new Set(catalogue.services.filter((s) => s.kind !== 'local').map((s) => s.id)));
  });

  it('keeps maintenance behind the staff session except the way in, the way out and the service mode', () => {
    const open = KIOSK_METHODS.filter((m) => entry(m).service === 'maintenance' && entry(m).access === 'open');
    expect(open.sort()).toEqual(['cancelStaffCardLogin', 'getServiceMode', 'staffCardLogin', 'staffCornerTap', 'staffLogin', 'staffLogout']);
  });
});

describe('the dispatcher applies the table', () => {
  it('refuses a citizen method without a session, and hands the session to the handler with one', async () => {
    const r = rig();
    expect(codeOf(await r.dispatcher.dispatch('queryTrafficViolations', { plateNumber: '京A12345' }, ctx))).toBe('NO_SESSION');
    expect(r.seen).toEqual([]);
    const session = r.sessions.start();
    expect(codeOf(await r.dispatcher.dispatch('queryTrafficViolations', { plateNumber: '京A12345' }, ctx))).toBe('ok');
    expect(r.seen).toEqual([{ method: 'queryTrafficViolations', session: session.id }]);
  });

  it('runs open methods without a session and without handing one over', async () => {
    const r = rig();
    expect(codeOf(await r.dispatcher.dispatch('getTerminalInfo', {}, ctx))).toBe('ok');
    r.sessions.start();
    expect(codeOf(await r.dispatcher.dispatch('getDeviceStatus', {}, ctx))).toBe('ok');
    expect(r.seen).toEqual([{ method: 'getTerminalInfo' }, { method: 'getDeviceStatus' }]);
  });

  it('refuses staff methods without a staff session, whatever the citizen session', async () => {
    const r = rig();
    r.sessions.start();
    expect(codeOf(await r.dispatcher.dispatch('getConfig', {}, ctx))).toBe('UNAUTHORIZED');
    expect(codeOf(await r.dispatcher.dispatch('staffCornerTap', { corner: 'top-left' }, ctx))).toBe('ok');
    r.staffOpen.value = true;
    expect(codeOf(await r.dispatcher.dispatch('getConfig', {}, ctx))).toBe('ok');
    expect(r.seen.map((s) => s.method)).toEqual(['staffCornerTap', 'getConfig']);
  });

  it("runs 'verified' methods only for a session whose person passed the check against the card it holds", async () => {
    const r = rig();
    expect(codeOf(await r.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('NO_SESSION');
    const session = r.sessions.start();
    session.identity = { ...sampleCards.resident, photoWlt: sampleCards.resident.photoWlt.slice() };
    expect(codeOf(await r.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('PERSON_NOT_VERIFIED');
    const cardKey = cardKeyOf(sampleCards.resident.idNumber);
    session.personCheck = { decision: 'failed', tries: 3, lastSimilarity: 0.2, cardKey, decidedAt: new Date() };
    expect(codeOf(await r.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('PERSON_NOT_VERIFIED');
    session.personCheck = { decision: 'passed', tries: 1, lastSimilarity: 0.9, cardKey, decidedAt: new Date() };
    expect(codeOf(await r.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('ok');
    // Another card in the same session: the pass was for the first card's holder only.
    session.identity = { ...sampleCards.hmt, photoWlt: sampleCards.hmt.photoWlt.slice() };
    expect(codeOf(await r.dispatcher.dispatch('printCreditReceipt', { jobId: crypto.randomUUID() }, ctx))).toBe('PERSON_NOT_VERIFIED');
    expect(r.seen).toEqual([{ method: 'queryCredit', session: session.id }]);
  });

  it("lets a citizen session through 'verified' methods only where the fleet switched the check off", async () => {
    const off = rig({ personCheckRequired: false });
    const session = off.sessions.start();
    expect(codeOf(await off.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('ok');
    expect(off.seen).toEqual([{ method: 'queryCredit', session: session.id }]);
    const on = rig({ personCheckRequired: true });
    on.sessions.start();
    expect(codeOf(await on.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx))).toBe('PERSON_NOT_VERIFIED');
  });

  it('marks the personal credit record and its printouts as needing a verified person', () => {
    for (const m of ['queryCredit', 'printCreditReceipt', 'printCreditReport'] as const) expect(entry(m).access, m).toBe('verified');
  });

  it('refuses a service that is not enabled before looking at the session', async () => {
    const r = rig();
    expect(codeOf(await r.dispatcher.dispatch('listCommitmentMatters', {}, ctx))).toBe('SERVICE_DISABLED');
    expect(codeOf(await r.dispatcher.dispatch('scanELicence', {}, ctx))).toBe('NO_SESSION'); // enabled through form-filling
    r.enabled.delete('form-filling');
    expect(codeOf(await r.dispatcher.dispatch('scanELicence', {}, ctx))).toBe('SERVICE_DISABLED');
  });

  it('starts no citizen session while out of service, and lets staff in', async () => {
    const r = rig();
    r.inService.value = false;
    expect(codeOf(await r.dispatcher.dispatch('startSession', {}, ctx))).toBe('OUT_OF_SERVICE');
    expect(codeOf(await r.dispatcher.dispatch('staffLogin', { pin: '2468' }, ctx))).toBe('ok');
    r.inService.value = true;
    expect(codeOf(await r.dispatcher.dispatch('startSession', {}, ctx))).toBe('ok');
  });

  it('counts successful transactions in the real monthly tally, and neither failures nor browsing', async () => {
    const tally = new ServiceTally(t.db());
    const r = rig({ tally, fail: new Set<KioskMethod>(['queryCredit']) });
    r.sessions.start();
    await r.dispatcher.dispatch('queryCredit', { kind: 'personal' }, ctx);
    await r.dispatcher.dispatch('queryEnterpriseCredit', { creditCode: '91350100M000100Y43' }, ctx);
    await r.dispatcher.dispatch('listForms', {}, ctx);
    await r.dispatcher.dispatch('queryTrafficViolations', { plateNumber: '京A12345' }, ctx);
    await r.dispatcher.dispatch('queryTrafficViolations', { plateNumber: '京A12345' }, ctx);
    expect(tally.month(tally.monthOf()).map((row) => [row.serviceId, row.transactions])).toEqual([
      ['credit-query', 1],
      ['traffic-violation', 2],
    ]);
  });

  it('never fails a citizen call because it could not be counted', async () => {
    const r = rig({ countFails: true });
    r.sessions.start();
    expect(codeOf(await r.dispatcher.dispatch('queryTrafficViolations', { plateNumber: '京A12345' }, ctx))).toBe('ok');
  });

  it('refuses every call once closed for shutdown, and drains the ones running', async () => {
    const r = rig();
    r.dispatcher.close();
    expect(codeOf(await r.dispatcher.dispatch('getTerminalInfo', {}, ctx))).toBe('DEVICE_UNAVAILABLE');
    await r.dispatcher.drain(100);
    expect(r.seen).toEqual([]);
  });
});
