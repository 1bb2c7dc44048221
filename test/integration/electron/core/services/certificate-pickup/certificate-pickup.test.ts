/**
 * 自助取证 through the real core (demo stack: card reader, printer and card dispenser simulated on
 * PTYs, the reference upstream on loopback): only after 人证核验, only the holder's listed
 * certificates, handed out once and reported to the upstream through the outbox; a wrong card, a
 * jam and an empty slot each end in a refusal the screen explains and an alert staff see.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateHandOutView, WaitingCertificatesView } from '../../../../../../electron/contract/service-api.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { sampleCertificates } from '../../../../../upstream/certificate-routes.ts';

let s: ServiceStack;
const [idCard, permit, licence] = sampleCertificates;

beforeAll(async () => {
  s = await startServiceStack();
  await waitFor(() => s.stack.core.devices.isReady('dispenser'), 10_000, 'the dispenser');
}, 60_000);

afterAll(async () => {
  await s?.close();
});

beforeEach(async () => {
  await s.call('endSession');
  await s.sessionWithCard();
});

// The one alert board, as the maintenance overview and the heartbeat read it.
const alertKinds = () => s.stack.core.outbox.alerts.list().map((a) => a.kind);

describe('certificate pickup', () => {
  it('needs 人证核验 first', async () => {
    await s.failure('listWaitingCertificates', {}, 'PERSON_NOT_VERIFIED');
    await s.failure('handOutCertificate', { certificateId: idCard!.certificateId }, 'PERSON_NOT_VERIFIED');
  });

  it('lists the holder’s certificates masked, hands one out once, and tells the upstream', async () => {
    await passPersonCheck(s.call);
    const list = await s.value<WaitingCertificatesView>('listWaitingCertificates');
    expect(list.certificates.map((c) => c.certificateId)).toEqual([idCard!.certificateId, permit!.certificateId, licence!.certificateId]);
    expect(list.certificates[0]!.numberMasked).toMatch(/^\*+4711$/);
    expect(JSON.stringify(list)).not.toContain(idCard!.certificateNumber);

    s.stack.dispenser.citizen = () => 50;
    const handed = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: idCard!.certificateId });
    expect(handed, JSON.stringify({ executed: s.stack.dispenser.executed, bin: s.stack.dispenser.bin, channel: s.stack.dispenser.channel })).toEqual({ certificateId: idCard!.certificateId, outcome: "taken" });
    expect(s.stack.dispenser.exits.map((e) => e.cardNumber), JSON.stringify({ handed, executed: s.stack.dispenser.executed, bin: s.stack.dispenser.bin, channel: s.stack.dispenser.channel, slots: [...s.stack.dispenser.slots] })).toEqual([idCard!.certificateNumber]);
    await waitFor(() => s.stack.upstream.submissions.has(`certificate-handout:${idCard!.certificateId}`), 10_000, 'the hand-out report');

    // The upstream no longer lists it, and the journal refuses it even if asked again.
    const again = await s.value<WaitingCertificatesView>('listWaitingCertificates');
    expect(again.certificates.map((c) => c.certificateId)).toEqual([permit!.certificateId, licence!.certificateId]);
    await s.failure('handOutCertificate', { certificateId: idCard!.certificateId }, 'NOT_FOUND');
  });

  it('refuses a certificate not listed for this holder and a malformed id', async () => {
    await passPersonCheck(s.call);
    await s.value('listWaitingCertificates');
    await s.failure('handOutCertificate', { certificateId: 'CERT-LS-0001' }, 'NOT_FOUND');
    await s.failure('handOutCertificate', { certificateId: '../etc' }, 'INVALID_REQUEST');
  });

  it('a card in the slot that is not the expected one never leaves: refused, captured, alerted', async () => {
    await passPersonCheck(s.call);
    await s.value('listWaitingCertificates');
    s.stack.dispenser.load(permit!.slot, 'TXZ-SOMEONE-ELSE-0001');
    s.stack.dispenser.citizen = () => 0;
    const result = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: permit!.certificateId });
    expect(result).toEqual({ certificateId: permit!.certificateId, outcome: 'refused', reason: 'wrong-card' });
    expect(s.stack.dispenser.exits.map((e) => e.cardNumber)).not.toContain('TXZ-SOMEONE-ELSE-0001');
    expect(s.stack.dispenser.bin.map((c) => c.number)).toContain('TXZ-SOMEONE-ELSE-0001');
    expect(alertKinds()).toContain('certificate-wrong-card');
  });

  it('a jam and an empty slot: refused with their reason, staff alerted, nothing handed out', async () => {
    const { dispenser } = s.stack;
    const liSi = licence!;
    // Staff emptied its slot by mistake.
    dispenser.slots.delete(liSi.slot);
    await passPersonCheck(s.call);
    await s.value('listWaitingCertificates');
    const empty = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: liSi.certificateId });
    expect(empty).toEqual({ certificateId: liSi.certificateId, outcome: 'refused', reason: 'not-in-machine' });
    expect(alertKinds()).toContain('certificate-not-in-slot');

    dispenser.load(liSi.slot, liSi.certificateNumber);
    dispenser.inject('jam');
    const jammed = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: liSi.certificateId });
    expect(jammed).toMatchObject({ outcome: 'refused', reason: 'jammed' });
    expect(dispenser.exits.map((e) => e.cardNumber)).not.toContain(liSi.certificateNumber);
    expect(alertKinds()).toContain('certificate-handout-unknown');
    dispenser.clearJam();
    // In doubt once, never again: staff settle it by hand.
    const retried = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: liSi.certificateId });
    expect(retried).toMatchObject({ outcome: 'refused', reason: 'already-handled' });
  });
});
