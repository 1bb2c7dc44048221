/**
 * devices.dispenser.notTakenSeconds through the real core (demo stack, the dispenser simulator on
 * a PTY): the hand-out waits the configured time at the mouth, not the default 30 s, before the
 * card goes back into the bin and the screen is told "not taken".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CertificateHandOutView } from '../../../../../../electron/contract/service-api.ts';
import { passPersonCheck } from '../../../../../support/person-check.ts';
import { startServiceStack, type ServiceStack } from '../../../../../support/services-stack.ts';
import { waitFor } from '../../../../../support/wait.ts';
import { sampleCertificates } from '../../../../../upstream/certificate-routes.ts';

let s: ServiceStack;
const permit = sampleCertificates[1]!;
const NOT_TAKEN_SECONDS = 10;

beforeAll(async () => {
  s = await startServiceStack({ configOverride: { devices: { dispenser: { notTakenSeconds: NOT_TAKEN_SECONDS } } } });
  await waitFor(() => s.stack.core.devices.isReady('dispenser'), 10_000, 'the dispenser');
}, 60_000);

afterAll(async () => {
  await s?.close();
});

it('captures a card nobody takes after the configured time', async () => {
  await s.sessionWithCard();
  await passPersonCheck(s.call);
  await s.value('listWaitingCertificates');
  s.stack.dispenser.citizen = () => undefined;
  const started = Date.now();
  const outcome = await s.value<CertificateHandOutView>('handOutCertificate', { certificateId: permit.certificateId });
  const waited = Date.now() - started;
  expect(outcome).toEqual({ certificateId: permit.certificateId, outcome: 'not-taken' });
  expect(waited).toBeGreaterThanOrEqual(NOT_TAKEN_SECONDS * 1000);
  expect(waited).toBeLessThan(30_000);
  expect(s.stack.dispenser.bin.map((c) => c.number)).toContain(permit.certificateNumber);
  expect(s.stack.dispenser.exits).toEqual([]);
}, 45_000);
