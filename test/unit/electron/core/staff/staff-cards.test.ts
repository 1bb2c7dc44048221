/**
 * The staff-card registry (scrypt hashes with a salt per entry, never the number on disk), the
 * card attempt against the lockout it shares with the PIN, and the session's gate for card entry.
 * Real files in a temp directory, a cheap scrypt cost.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { StaffSession } from '../../../../../electron/core/maintenance/staff-session.ts';
import { parsePinHash } from '../../../../../electron/core/staff/pin-hash.ts';
import { StaffAuth, lockoutPolicyFrom } from '../../../../../electron/core/staff/staff-auth.ts';
import { labelProblem, StaffCardRegistry } from '../../../../../electron/core/staff/staff-cards.ts';
import { maskIdNumber } from '../../../../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { OTHER_CARD, registerStaffCardSync, STAFF_CARD } from '../../../../support/staff-card.ts';
import { TEST_SCRYPT } from '../../../../support/staff-pin.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('staff-cards');
const NUMBER = STAFF_CARD.idNumber;
/** Ends in X: the registry must match it whatever the case the reader or keyboard gives. */
const X_NUMBER = sampleCards.resident.idNumber;

function setup() {
  const clock = { now: 1_000_000 };
  const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
  const cards = new StaffCardRegistry({ path: tmp.path('staff-cards.json'), audit, scrypt: TEST_SCRYPT });
  const auth = new StaffAuth({
    path: tmp.path('staff-auth.json'),
    policy: () => lockoutPolicyFrom({ maxPinAttempts: 3, lockoutSeconds: 60 }),
    audit,
    now: () => clock.now,
    scrypt: TEST_SCRYPT,
  });
  return { clock, audit, cards, auth };
}

const stored = () => readFileSync(tmp.path('staff-cards.json'), 'utf8');

describe('StaffCardRegistry', () => {
  it('stores a salted scrypt hash, the masked number and the label; never the number (file mode 0600)', async () => {
    const { cards, audit } = setup();
    const added = await cards.add(NUMBER, '  王工 (engineer) ', 'test');
    expect(added).toMatchObject({ ok: true, card: { label: '王工 (engineer)', masked: maskIdNumber(NUMBER), id: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    const text = stored();
    expect(text).not.toContain(NUMBER);
    // Not even the hidden middle: birth date and district digits.
    expect(text).not.toContain(NUMBER.slice(3, 14));
    expect(statSync(tmp.path('staff-cards.json')).mode & 0o777).toBe(0o600);
    const entry = (JSON.parse(text) as { cards: Array<{ hash: string }> }).cards[0]!;
    expect(parsePinHash(entry.hash)).toMatchObject({ params: TEST_SCRYPT });
    expect(cards.list()).toEqual([expect.not.objectContaining({ hash: expect.anything() })]);
    expect(audit.tail(5).map((e) => [e.action, e.details])).toEqual([
      ['staff.card-registered', { id: expect.any(String), card: maskIdNumber(NUMBER), label: '王工 (engineer)' }],
    ]);
    expect(readFileSync(tmp.path('audit.jsonl'), 'utf8')).not.toContain(NUMBER);
  });

  it('gives every entry its own salt: the same number in two registries hashes differently', async () => {
    const { cards } = setup();
    const other = new StaffCardRegistry({ path: tmp.path('other-cards.json'), scrypt: TEST_SCRYPT });
    await cards.add(NUMBER, 'a');
    await other.add(NUMBER, 'b');
    const hashOf = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { cards: Array<{ hash: string }> }).cards[0]!.hash;
    const [a, b] = [hashOf(tmp.path('staff-cards.json')), hashOf(tmp.path('other-cards.json'))];
    expect(a).not.toBe(b);
    expect(parsePinHash(a)!.salt.equals(parsePinHash(b)!.salt)).toBe(false);
  });

  it('matches the registered number only, whatever the case of its check character', async () => {
    const { cards } = setup();
    await cards.add(X_NUMBER.toLowerCase(), 'X card');
    await cards.add(NUMBER, 'engineer');
    expect(await cards.match(X_NUMBER)).toMatchObject({ label: 'X card', masked: maskIdNumber(X_NUMBER) });
    expect(await cards.match(NUMBER)).toMatchObject({ label: 'engineer' });
    expect(await cards.match(OTHER_CARD.idNumber)).toBeUndefined();
    expect(cards.count()).toBe(2);
  });

  it('refuses a number failing GB 11643, a bad label, and a card already registered', async () => {
    const { cards } = setup();
    const wrongCheck = NUMBER.slice(0, 17) + (NUMBER[17] === '0' ? '1' : '0');
    expect(await cards.add(wrongCheck, 'x')).toEqual({ ok: false, reason: 'invalid-number', detail: 'check character does not match (MOD 11-2)' });
    expect(await cards.add('1234', 'x')).toMatchObject({ ok: false, reason: 'invalid-number' });
    expect(await cards.add(sampleCards.foreign2017.idNumber, 'x')).toMatchObject({ ok: false, reason: 'invalid-number' });
    expect(await cards.add(NUMBER, '   ')).toMatchObject({ ok: false, reason: 'invalid-label' });
    expect(await cards.add(NUMBER, `card ${NUMBER}`)).toMatchObject({ ok: false, reason: 'invalid-label' });
    expect(labelProblem('a'.repeat(41))).toContain('at most 40');
    expect(labelProblem('Zhang\nWei')).toContain('control');
    expect(cards.count()).toBe(0);
    await cards.add(NUMBER, 'first');
    expect(await cards.add(` ${NUMBER} `, 'second')).toMatchObject({ ok: false, reason: 'already-registered', card: { label: 'first' } });
    expect(cards.count()).toBe(1);
  });

  it('removes a registration: its hash leaves the file and the card no longer matches', async () => {
    const { cards, audit } = setup();
    const kept = await cards.add(X_NUMBER, 'kept');
    const gone = await cards.add(NUMBER, 'gone');
    if (!kept.ok || !gone.ok) throw new Error('registration failed');
    const goneHash = (JSON.parse(stored()) as { cards: Array<{ id: string; hash: string }> }).cards.find((c) => c.id === gone.card.id)!.hash;
    expect(cards.remove(gone.card.id, 'test')).toMatchObject({ id: gone.card.id, label: 'gone' });
    expect(stored()).not.toContain(goneHash);
    expect(await cards.match(NUMBER)).toBeUndefined();
    expect(await cards.match(X_NUMBER)).toMatchObject({ label: 'kept' });
    expect(cards.remove(gone.card.id)).toBeUndefined();
    expect(audit.tail(1)[0]).toMatchObject({ action: 'staff.card-removed', details: { card: maskIdNumber(NUMBER), label: 'gone' } });
  });

  it('lets no card in on a damaged file or a damaged entry', async () => {
    const { cards } = setup();
    writeFileSync(tmp.path('staff-cards.json'), '{"cards": [');
    expect(cards.count()).toBe(0);
    expect(await cards.match(NUMBER)).toBeUndefined();
    writeFileSync(tmp.path('staff-cards.json'), '{"version":1,"cards":[]}');
    registerStaffCardSync(tmp.path('.'), NUMBER, 'synced');
    const file = JSON.parse(stored()) as { cards: Array<Record<string, unknown>> };
    writeFileSync(tmp.path('staff-cards.json'), JSON.stringify({ cards: [{ ...file.cards[0], hash: 'scrypt$1$1$1$x$y' }, file.cards[0]] }));
    expect(cards.count()).toBe(1);
  });

  it('reads what the test helper (the CLI format) writes', async () => {
    const { cards } = setup();
    const id = registerStaffCardSync(tmp.path('.'), NUMBER, 'synced');
    expect(await cards.match(NUMBER)).toMatchObject({ id, label: 'synced', masked: maskIdNumber(NUMBER) });
  });
});

describe('StaffAuth.attemptCard', () => {
  it('recognises a registered card without opening anything or resetting failures; audits the masked number only', async () => {
    const { cards, auth, audit, clock } = setup();
    await cards.add(NUMBER, 'engineer');
    expect(await auth.attemptCard(OTHER_CARD.idNumber, cards, maskIdNumber(OTHER_CARD.idNumber))).toEqual({
      ok: false,
      reason: 'not-registered',
      remainingAttempts: 5,
      retryInSeconds: 1,
    });
    clock.now += 1000;
    expect(await auth.attemptCard(NUMBER, cards, maskIdNumber(NUMBER))).toEqual({ ok: true, label: 'engineer' });
    // The card is one factor: the failure still counts until the PIN that follows is right.
    expect(auth.status()).toMatchObject({ locked: false, remainingAttempts: 5 });
    expect(audit.tail(2).map((e) => [e.action, e.details])).toEqual([
      ['staff.card-refused', { remainingAttempts: 5, method: 'card', card: maskIdNumber(OTHER_CARD.idNumber) }],
      ['staff.card-accepted', { method: 'card', card: maskIdNumber(NUMBER), label: 'engineer' }],
    ]);
    const log = readFileSync(tmp.path('audit.jsonl'), 'utf8');
    expect(log).not.toContain(NUMBER);
    expect(log).not.toContain(OTHER_CARD.idNumber);
  });

  it('during a long lockout the PIN alone is refused, but a registered card + the PIN gets in and clears the lockout', async () => {
    const { cards, auth, audit, clock } = setup();
    await auth.setPin('740213');
    await cards.add(NUMBER, 'engineer');
    for (let i = 0; i < 6; i++) {
      if (i > 0) clock.now += 30_000;
      await auth.attempt(`11111${i}`);
    }
    expect(auth.status()).toMatchObject({ locked: true, long: true });
    expect(await auth.attempt('740213')).toMatchObject({ reason: 'locked', long: true });
    expect(auth.refuseCardEarly(cards)).toBeUndefined();
    expect(await auth.attemptCard(OTHER_CARD.idNumber, cards, 'm')).toMatchObject({ reason: 'locked', long: true });
    expect(await auth.attemptCard(NUMBER, cards, 'm')).toEqual({ ok: true, label: 'engineer' });
    // A wrong PIN after the card waits the longest delay; the right one then clears everything.
    expect(await auth.attemptCardPin('999999', 'engineer')).toMatchObject({ reason: 'wrong-pin', retryInSeconds: 30 });
    expect(await auth.attemptCardPin('740213', 'engineer')).toMatchObject({ reason: 'locked', long: false });
    clock.now += 30_000;
    expect(await auth.attemptCardPin('740213', 'engineer')).toEqual({ ok: true });
    expect(auth.status()).toMatchObject({ locked: false, remainingAttempts: 6 });
    expect(audit.tail(1)[0]).toMatchObject({ action: 'staff.entry', details: { method: 'card+pin', label: 'engineer', clearedLockout: true } });
  });

  it('the short wait after a failure holds cards back too (one shared throttle)', async () => {
    const { cards, auth } = setup();
    await auth.setPin('740213');
    await cards.add(NUMBER, 'engineer');
    expect(await auth.attempt('111111')).toMatchObject({ reason: 'wrong-pin' });
    expect(auth.refuseCardEarly(cards)).toMatchObject({ reason: 'locked', long: false });
  });

  it('answers no-cards without counting a failure when nothing is registered', async () => {
    const { cards, auth } = setup();
    expect(auth.refuseCardEarly(cards)).toEqual({ ok: false, reason: 'no-cards' });
    expect(await auth.attemptCard(NUMBER, cards, 'm')).toEqual({ ok: false, reason: 'no-cards' });
    expect(auth.status()).toMatchObject({ remainingAttempts: 6 });
  });
});

describe('StaffSession.cardLogin', () => {
  it('is refused without the corner sequence, before any card is read; a card alone opens nothing, card + PIN opens', async () => {
    const { cards, auth, audit } = setup();
    await auth.setPin('740213');
    await cards.add(NUMBER, 'engineer');
    let opened = 0;
    const sequence = ['top-left', 'bottom-right'] as const;
    const session = new StaffSession({ auth, audit, corners: () => ({ sequence, windowMs: 5000 }), idleMs: 60_000, onOpened: () => opened++ });
    let reads = 0;
    const check = () => {
      reads++;
      return auth.attemptCard(NUMBER, cards, maskIdNumber(NUMBER));
    };
    await expect(session.cardLogin(check)).rejects.toBeInstanceOf(KioskError);
    expect(reads).toBe(0);
    expect(audit.tail(1)[0]).toMatchObject({ action: 'staff.entry-refused', details: { reason: 'no-corner-sequence', method: 'staffCardLogin' } });
    for (const corner of sequence) session.tap(corner);
    expect(await session.cardLogin(check)).toEqual({ status: 'pin-required', pinSeconds: 60 });
    expect(session.active).toBe(false);
    expect(opened).toBe(0);
    expect(() => session.require('getMaintenanceOverview')).toThrow(KioskError);
    expect(await session.login('740213')).toEqual({ status: 'ok', idleSeconds: 60 });
    expect(session.active).toBe(true);
    expect(opened).toBe(1);
    expect(audit.tail(1)[0]).toMatchObject({ action: 'staff.entry', details: { method: 'card+pin', label: 'engineer' } });
    session.close();
  });

  it('the PIN must follow the card within its window', async () => {
    const clock = { now: 0 };
    const { cards, auth, audit } = setup();
    await auth.setPin('740213');
    await cards.add(NUMBER, 'engineer');
    const sequence = ['top-left', 'bottom-right'] as const;
    const session = new StaffSession({ auth, audit, corners: () => ({ sequence, windowMs: 5000 }), idleMs: 60_000, now: () => clock.now });
    for (const corner of sequence) session.tap(corner);
    expect(await session.cardLogin(() => auth.attemptCard(NUMBER, cards, 'm'))).toMatchObject({ status: 'pin-required' });
    clock.now += 61_000;
    await expect(session.login('740213')).rejects.toBeInstanceOf(KioskError);
    expect(session.active).toBe(false);
  });
});
