/**
 * Police tiles, switched on for this terminal by configuration: the ID photo with Chromium's fake
 * camera (framing guide, liveness hint, capture, upload, receipt; the camera released and the photo
 * gone afterwards; a missing camera reported), and the traffic-violation query by plate number.
 */
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import type { DeviceStatus } from '../../electron/contract/kiosk-api.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, openService, personalDataLeft, startSession, typeOnKeyboard } from './kiosk-helpers.ts';

// The police tiles are off by default; the shared test terminal switches every service on.
const test = sharedDemoTest();
const card = sampleCards.resident;
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address];

/** Keeps every camera stream the page opens, so the test can see that all were stopped. */
const trackStreams = () => {
  const opened: MediaStream[] = [];
  (window as unknown as { openedStreams: MediaStream[] }).openedStreams = opened;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    opened.push(stream);
    return stream;
  };
};
/** The camera's status as the core records it from the screen's reports (maintenance, heartbeat). */
const coreCamera = async (stack: DemoStack) => {
  const answer = await stack.core.apiHost.dispatch('getDeviceStatus', {}, { shell: 'browser', connectionId: 'e2e' });
  return answer.ok ? (answer.value as DeviceStatus[]).find((d) => d.device === 'camera') : undefined;
};
const liveTracks = () =>
  (window as unknown as { openedStreams: MediaStream[] }).openedStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;

for (const [locale, elder] of [
  ['zh-CN', false],
  ['en-US', true],
] as const) {
  test(`ID photo with the camera: guide, capture, upload, receipt (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await page.addInitScript(trackStreams);
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'id-photo');
    const camera = page.getByTestId('camera');
    await expect(camera).toHaveAttribute('data-camera', 'live');
    await expect.poll(async () => (await coreCamera(stack))?.state).toBe('ready');
    // Chromium's fake camera moves: the liveness hint sees it.
    await expect(page.getByTestId('liveness-hint')).toHaveAttribute('data-lifelike', 'true');
    await checkScreen(page, 'camera', { elder });

    await page.getByTestId('capture-button').click();
    await expect(page.getByTestId('photo-preview')).toBeVisible();
    expect(await page.evaluate(liveTracks)).toBe(0);
    const src = (await page.getByTestId('photo-image').getAttribute('src')) ?? '';
    expect(src).toMatch(/^data:image\/jpeg;base64,/);
    expect(src.length).toBeLessThanOrEqual(60_000);
    await checkScreen(page, 'photo preview', { elder });

    await page.getByTestId('use-photo').click();
    await expect(page.getByTestId('photo-result')).toHaveAttribute('data-accepted', 'true');
    const receiptNo = (await page.getByTestId('photo-receipt-no').textContent())?.trim() ?? '';
    expect(receiptNo).toMatch(/^ZP\d+/);
    await checkScreen(page, 'photo result', { elder });
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');

    await finishAndCheckWiped(page, stack, [...personal, 'data:image/jpeg']);
    expect(await page.evaluate(liveTracks)).toBe(0);
  });
}

test('a terminal without a camera says so and offers staff help', async ({ page, stack }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no camera', 'NotFoundError'));
  });
  await startSession(page, stack);
  stack.idCard.presentCard(card);
  await openService(page, 'id-photo');
  await expect(page.getByTestId('no-camera')).toHaveAttribute('data-reason', 'absent');
  await expect.poll(() => coreCamera(stack)).toMatchObject({ state: 'disconnected', reason: 'NotFoundError' });
  await checkScreen(page, 'no camera');
  await expect(page.getByTestId('call-staff')).toBeVisible();
  await page.getByTestId('home-button').click();
  await expect(page.getByTestId('home')).toBeVisible();
  expect(await personalDataLeft(page, personal)).toEqual([]);
});

for (const [locale, elder] of [
  ['zh-CN', true],
  ['en-US', false],
] as const) {
  test(`traffic violations by plate number (${locale}${elder ? ', elder mode' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'traffic-violation');
    await expect(page.getByTestId('plate-entry')).toBeVisible();
    await typeOnKeyboard(page, '京A1234');
    await page.getByTestId('query-button').click();
    await expect(page.getByTestId('plate-error')).toBeVisible();
    await checkScreen(page, 'plate entry', { elder });
    await typeOnKeyboard(page, '5');
    await page.getByTestId('query-button').click();

    await expect(page.getByTestId('traffic-result')).toBeVisible();
    await expect(page.getByTestId('traffic-plate')).toHaveText('京A12345');
    await expect(page.getByTestId('traffic-item')).toHaveCount(2);
    await expect(page.getByTestId('traffic-unhandled')).toHaveText('1');
    await checkScreen(page, 'traffic result', { elder });
    await page.getByTestId('print-button').click();
    await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'printed');
    await finishAndCheckWiped(page, stack, [...personal, '京A12345']);
  });
}
