/**
 * The services that read codes and the police tiles, through the dispatcher: e-licences from the
 * terminal's serial scanner (simulator on a PTY) or from the renderer's camera, the receipt QR for
 * the progress query, traffic violations and the ID photo, guides, and the call-staff event.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskEventName } from '../../../../../electron/contract/channels.ts';
import type { ELicenceView, FormSession, GuideIndex, IdPhotoResult, ProgressView, ServiceGuide, StaffCallView, TrafficViolationView } from '../../../../../electron/contract/service-api.ts';
import { createPtyPair, type PtyPair } from '../../../../../native/serial/pty-pair.ts';
import { sampleCards } from '../../../../../native/simulators/sample-cards.ts';
import { ScannerSimulator } from '../../../../../native/simulators/scanner-simulator.ts';
import { EXPIRED_LICENCE_CODE, sampleLicences } from '../../../../upstream/service-samples.ts';
import { fakeJpegDataUrl, startServiceStack, type ServiceStack } from '../../../../support/services-stack.ts';
import { waitFor } from '../../../../support/wait.ts';
import type { ScannerDevice } from '../../../../../electron/core/services/shared/scan-gate.ts';

const card = sampleCards.resident;
const licence = (type: string) => sampleLicences.find((l) => l.licenceType === type)!.code;
let s: ServiceStack;
let pty: PtyPair;
let scanner: ScannerSimulator;
const events: { event: KioskEventName; payload: unknown }[] = [];

beforeAll(async () => {
  pty = await createPtyPair('scanner');
  scanner = new ScannerSimulator({ path: pty.simulatorPath });
  await scanner.start();
  s = await startServiceStack({ configOverride: { devices: { scanner: { enabled: true, path: pty.devicePath, baudRate: 9600 } } } });
  await waitFor(() => s.stack.core.devices.isReady('scanner'), 10_000);
  s.stack.core.apiHost.onEvent((event, payload) => events.push({ event, payload }));
});

afterAll(async () => {
  await s?.close();
  await scanner?.stop();
  await pty?.close();
});

/** The core is waiting for a code once its scan gate listens on the scanner driver. */
async function coreWaitingForScan(): Promise<void> {
  const device = () => s.stack.core.devices.get<ScannerDevice>('scanner');
  await expect.poll(() => device()?.listenerCount('scan') ?? 0, { timeout: 5000, interval: 10 }).toBeGreaterThan(0);
}

/** Scans `text` as soon as the core waits for a code, as a citizen holding it to the window would. */
async function scanWhenWaited(text: string): Promise<void> {
  await coreWaitingForScan();
  await scanner.scan(text);
}

const rejectedSince = (before: number, reason?: string) =>
  events.slice(before).some((e) => e.event === 'scanRejected' && (reason === undefined || (e.payload as { reason: string }).reason === reason));

describe('e-licence (扫码亮证)', () => {
  it('reads a code from the scanner, verifies it and uses it to fill a form instead of paper', async () => {
    await s.sessionWithCard();
    const scanning = s.value<ELicenceView>('scanELicence', { timeoutMs: 5000 });
    await scanWhenWaited(licence('business-licence'));
    const view = await scanning;
    expect(view).toMatchObject({
      licenceType: 'business-licence',
      licenceName: { 'zh-CN': '营业执照', 'en-US': 'Business licence' },
      status: 'valid',
      matchesCardHolder: true,
      prefillKeys: ['eLicence.business-licence.creditCode', 'eLicence.business-licence.entityName'],
    });
    expect(view.licenceNoMasked).toBe('925***********5H4T');
    const form = await s.value<FormSession>('startForm', { formId: 'business-change' });
    expect(form.values).toMatchObject({ creditCode: '92530102MA6N2B5H4T', entityName: '昆明市五华区示例小吃店', operatorIdNumber: card.idNumber });
    expect(form.prefilled.map((p) => p.source)).toContain('eLicence.business-licence.creditCode');
  });

  it('skips unreadable scans (telling the screen), and times out or is cancelled cleanly', async () => {
    await s.sessionWithCard();
    const before = events.length;
    const scanning = s.value<ELicenceView>('scanELicence', { timeoutMs: 5000 });
    await coreWaitingForScan();
    await scanner.sendRaw(Uint8Array.from([0xff, 0xfe, 0x00, 0x81, 0x0d]));
    await expect.poll(() => rejectedSince(before), { timeout: 5000, interval: 10 }).toBe(true);
    await scanWhenWaited(licence('driving-licence'));
    expect((await scanning).licenceType).toBe('driving-licence');

    const started = Date.now();
    await s.failure('scanELicence', { timeoutMs: 1000 }, 'SCAN_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2500);
    const cancelled = s.failure('scanELicence', { timeoutMs: 10_000 }, 'READ_CANCELLED');
    await coreWaitingForScan();
    expect(await s.value('cancelScan')).toEqual({ cancelled: true });
    await cancelled;
    expect(await s.value('cancelScan')).toEqual({ cancelled: false });
  });

  it('verifies a code from the camera; refuses expired, unknown and foreign licences for use', async () => {
    await s.sessionWithCard();
    expect(await s.failure('verifyELicence', { code: EXPIRED_LICENCE_CODE, source: 'camera' }, 'LICENCE_INVALID')).toMatch(/expired/);
    await s.failure('verifyELicence', { code: 'https://elicence.example.gov.cn/v/NOPE', source: 'keyboard' }, 'LICENCE_INVALID');
    await s.failure('verifyELicence', { code: '   ', source: 'camera' }, 'LICENCE_INVALID');
    const expired = await s.value<ELicenceView>('verifyELicence', { code: licence('vehicle-licence'), source: 'camera' });
    expect(expired).toMatchObject({ status: 'expired', prefillKeys: [] });
    const someoneElse = await s.value<ELicenceView>('verifyELicence', { code: licence('household-register'), source: 'camera' });
    expect(someoneElse).toMatchObject({ matchesCardHolder: false, prefillKeys: [] });
    s.stack.upstream.setFault('http-500', { times: 1, path: '/api/v1/e-licence/verify' });
    await s.failure('verifyELicence', { code: licence('driving-licence'), source: 'camera' }, 'UPSTREAM_UNAVAILABLE');
  });

  it('finds progress by the receipt QR read by the scanner, waiting past codes that are not receipts', async () => {
    await s.value('startSession');
    const before = events.length;
    const querying = s.value<ProgressView>('queryProgress', { by: 'scan', timeoutMs: 5000 });
    await scanWhenWaited(licence('driving-licence'));
    await expect.poll(() => rejectedSince(before, 'not-a-receipt'), { timeout: 5000, interval: 10 }).toBe(true);
    await scanWhenWaited('https://zwfw.example.gov.cn/p/BJCY-20260112-000388');
    const view = await querying;
    expect(view.items).toEqual([expect.objectContaining({ receiptNo: 'BJCY-20260112-000388', status: 'needs-materials', note: '请补充银行卡开户证明' })]);
    // The case's public page from the upstream, passed through for the phone QR.
    expect(new URL(view.items[0]?.resultUrl ?? '').pathname).toBe('/p/BJCY-20260112-000388');
    expect(events.slice(before)).toContainEqual({ event: 'scanRejected', payload: { reason: 'not-a-receipt' } });
    await s.failure('queryProgress', { by: 'receipt', receiptNo: licence('driving-licence') }, 'INVALID_REQUEST');
  });

  it('reports a scanner that is not there', async () => {
    await s.value('startSession');
    await scanner.stop();
    await pty.close();
    await waitFor(() => !s.stack.core.devices.isReady('scanner'), 5000);
    await s.failure('scanELicence', { timeoutMs: 1000 }, 'DEVICE_UNAVAILABLE');
    await s.failure('queryProgress', { by: 'scan', timeoutMs: 1000 }, 'DEVICE_UNAVAILABLE');
    // The camera path still works without the scanner.
    await s.value('queryProgress', { by: 'receipt', receiptNo: 'https://zwfw.example.gov.cn/p/BJCY-20260105-000127' });
  });
});

describe('police tiles', () => {
  it('queries traffic violations by card + plate and prints the result', async () => {
    await s.value('startSession');
    await s.failure('queryTrafficViolations', { plateNumber: '京A12345' }, 'NO_SESSION');
    await s.sessionWithCard();
    expect(await s.failure('queryTrafficViolations', { plateNumber: '京A1234' }, 'INVALID_PLATE_NUMBER')).toMatch(/plate/);
    const view = await s.value<TrafficViolationView>('queryTrafficViolations', { plateNumber: '京a·12345' });
    expect(view).toMatchObject({ plateNumber: '京A12345', unhandledCount: 1, totalPoints: 3, totalFineYuan: 200 });
    expect(view.items).toHaveLength(2);
    expect(await s.failure('queryTrafficViolations', { plateNumber: '粤B12345' }, 'UPSTREAM_REJECTED')).toMatch(/not registered/);
    s.stack.upstream.setFault('hang', { times: 1, path: '/api/v1/police/traffic-violations' });
    await s.failure('queryTrafficViolations', { plateNumber: '京A12345' }, 'UPSTREAM_UNAVAILABLE');

    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), document: { kind: 'traffic-violations' } });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
    expect(slip.lines.join('\n')).toContain('京A***45');
  });

  it('uploads an ID photo, reports the upstream\'s checks, and refuses what is not a JPEG', async () => {
    await s.sessionWithCard();
    const submissionId = randomUUID();
    const good = await s.value<IdPhotoResult>('uploadIdPhoto', { submissionId, photoJpeg: fakeJpegDataUrl(4000) });
    expect(good.accepted).toBe(true);
    expect(good.receiptNo).toMatch(/^ZP\d{8}\d{6}$/);
    // The receipt's page for the phone: by its number, nothing of the photo or the person.
    expect(new URL(good.resultUrl ?? '').pathname).toBe(`/photo/${good.receiptNo}`);
    expect(good.resultUrl).not.toContain(card.idNumber);
    expect(await s.value<IdPhotoResult>('uploadIdPhoto', { submissionId, photoJpeg: fakeJpegDataUrl(4000) })).toMatchObject({ receiptNo: good.receiptNo });
    const small = await s.value<IdPhotoResult>('uploadIdPhoto', { submissionId: randomUUID(), photoJpeg: fakeJpegDataUrl(500) });
    expect(small).toMatchObject({ accepted: false, receiptNo: '' });
    expect(small.resultUrl).toBeUndefined();
    expect(small.checks).toContainEqual({ check: 'size', passed: false });
    const png = `data:image/jpeg;base64,${Buffer.from('\x89PNG\r\n\x1a\n0000').toString('base64')}`;
    expect(await s.failure('uploadIdPhoto', { submissionId: randomUUID(), photoJpeg: png }, 'INVALID_REQUEST')).toMatch(/not a JPEG/);
    await s.failure('uploadIdPhoto', { submissionId: randomUUID(), photoJpeg: fakeJpegDataUrl(50_000) }, 'INVALID_REQUEST');
  });
});

describe('guides and call staff', () => {
  it('browses guides by theme without a session, with a phone QR the upstream serves', async () => {
    await s.value('endSession', { reason: 'completed' });
    const index = await s.value<GuideIndex>('listGuides');
    expect(index.themes.map((t) => t.themeId)).toContain('newborn');
    expect(index.guides.find((g) => g.guideId === 'residence-permit')?.serviceId).toBe('form-filling');
    const guide = await s.value<ServiceGuide>('getGuide', { guideId: 'newborn-bundle' });
    expect(guide.fees.free).toBe(true);
    expect(guide.materials.every((m) => m.eLicenceAccepted)).toBe(true);
    expect(guide.phoneUrl).toBe(`${s.stack.upstreamUrl}/guides/newborn-bundle`);
    const published = (await (await fetch(guide.phoneUrl)).json()) as { title: unknown };
    expect(published.title).toEqual(guide.title);
    await s.failure('getGuide', { guideId: 'no-such-guide' }, 'NOT_FOUND');
    await s.value('startSession');
    const printedBefore = s.stack.printer.receipts.length;
    await s.value('printServiceReceipt', { jobId: randomUUID(), locale: 'en-US', document: { kind: 'guide', guideId: 'newborn-bundle' } });
    const slip = (await s.stack.printer.waitForReceipts(printedBefore + 1, 5000)).at(-1)!;
    expect(slip.lines.join('\n')).toContain('Newborn services, one application');
    expect(slip.qrCodes).toEqual([guide.phoneUrl]);
  });

  it('alerts staff through the event channel, once per open call, without touching the citizen\'s work', async () => {
    await s.sessionWithCard();
    const opened = await s.value<FormSession>('startForm', { formId: 'residence-permit' });
    await s.value('validateForm', { formId: 'residence-permit', values: { ...opened.values, phone: '13800138000' } });
    const before = events.length;
    const call = await s.value<StaffCallView>('callStaff', { serviceId: 'form-filling', screen: 'form-review' });
    expect(call.alreadyCalled).toBe(false);
    expect(await s.value<StaffCallView>('callStaff', {})).toMatchObject({ callId: call.callId, alreadyCalled: true });
    const alerts = events.slice(before).filter((e) => e.event === 'staffCall');
    expect(alerts).toEqual([
      { event: 'staffCall', payload: expect.objectContaining({ callId: call.callId, state: 'called', terminalId: 'DEMO-0001', serviceId: 'form-filling', screen: 'form-review' }) },
    ]);
    const recorded = () => [...s.stack.upstream.submissions.values()].map((x) => x.body as { stream: string; payload: { callId?: string } });
    await waitFor(() => recorded().some((b) => b.stream === 'help-requests' && b.payload.callId === call.callId), 5000);
    // Progress is intact: the draft and the card are still there.
    expect((await s.value<FormSession>('startForm', { formId: 'residence-permit' })).values.phone).toBe('13800138000');
    expect(await s.value('cancelStaffCall', { callId: call.callId })).toEqual({ cancelled: true });
    expect(events.at(-1)).toMatchObject({ event: 'staffCall', payload: { callId: call.callId, state: 'cancelled' } });
    expect(await s.value('cancelStaffCall', { callId: call.callId })).toEqual({ cancelled: false });
  });

  it('alerts staff at once when the upstream hangs, and keeps the record queued', async () => {
    await s.value('startSession');
    s.stack.upstream.setFault('hang', { path: '/api/v1/submissions' });
    const before = events.length;
    const started = Date.now();
    const call = await s.value<StaffCallView>('callStaff', {});
    expect(Date.now() - started).toBeLessThan(500);
    expect(events.slice(before).some((e) => e.event === 'staffCall')).toBe(true);
    expect(s.stack.core.outbox.outbox.getByKey(`staff-call-${call.callId}`)?.status).toBe('pending');
    s.stack.upstream.setFault('none');
    await s.value('cancelStaffCall', { callId: call.callId });
    const progress = await s.call('queryProgress', { by: 'idCard' });
    expect(progress).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
    expect(s.logLines.join('\n')).not.toContain(card.idNumber);
  });
});

