/**
 * 人证核验 end to end in Debian's Chromium with its fake camera fed a video file made at test time
 * (test/support/face-video.ts): the sample card's picture in front of the camera passes and the
 * personal credit record follows; a camera with nobody in front of it fails three tries and calls
 * staff. Real parts throughout: the simulated SAM reader, the core's decision, Human's models
 * served by the browser shell. Every new screen is checked with axe, in zh-CN and en-US, normal
 * and elder mode; after the decision the camera is stopped and nothing of the card photo is left
 * in the page, not even in its JS heap.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCardPhotoPath } from '../../electron/core/person-check/test-wlt-decoder.ts';
import { writeFaceVideo, writeNoFaceVideo } from '../support/face-video.ts';
import defaultConfig from '../../playwright.config.ts';
import { demoTest } from './demo-fixture.ts';
import { checkScreen, finishAndCheckWiped, removeCard, startSession, type Locale } from './kiosk-helpers.ts';

const videos = mkdtempSync(join(tmpdir(), 'person-check-video-'));
const faceVideo = join(videos, 'face.y4m');
const nobodyVideo = join(videos, 'nobody.y4m');
writeFaceVideo(faceVideo);
writeNoFaceVideo(nobodyVideo);

const card = sampleCards.resident;
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber)];
/** A stretch of the card photo's base64 as the core hands it out: it must not outlive the check. */
const photoMark = readFileSync(sampleCardPhotoPath(join(import.meta.dirname, '..', '..', 'resources'))).toString('base64').slice(2000, 2064);

const launchOptions = defaultConfig.use?.launchOptions ?? {};

/**
 * The camera's video is a launch argument, so each test launches its own Chromium with the
 * project's options plus the file (Playwright's launchOptions cannot change inside one file).
 */
const withCamera = (personCheck: Record<string, unknown>) =>
  demoTest({ configOverride: { personCheck: { required: true, ...personCheck } } }).extend<{ cameraVideo: string }>({
    cameraVideo: ['', { option: true }],
    page: async ({ playwright, cameraVideo, viewport, locale }, use) => {
      const browser = await playwright.chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), `--use-file-for-fake-video-capture=${cameraVideo}`] });
      const context = await browser.newContext({ viewport, ...(locale ? { locale } : {}) });
      await use(await context.newPage());
      await browser.close();
    },
  });
const test = withCamera({});
/**
 * A terminal with no WLT decoder that compares with the person's registered photo from the upstream
 * (personCheck.upstreamPhoto): the reference upstream has the sample card's picture on record.
 */
const upstreamPhotoTest = withCamera({ decoder: 'none', upstreamPhoto: true });
type Stack = Parameters<Parameters<typeof test>[2]>[0]['stack'];
// A try on the CPU backend, under CI's load, takes a while: model load, card photo, frames.
const JUDGED_MS = 60_000;

/** Records every camera stream the page opens, so the test can see that all were stopped. */
async function watchCameraStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  });
}

const liveCameraTracks = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  );

/** The page's whole JS heap after a forced collection: does any string still hold the card photo? */
async function heapHolds(page: Page, needle: string): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('').includes(needle);
}

async function toConsent(page: Page, stack: Stack, locale: Locale, elder: boolean) {
  await watchCameraStreams(page);
  // The previous test's card may still lie on the reader: this one places it itself.
  await removeCard(stack);
  await startSession(page, stack, { locale, elder });
  await page.getByTestId('tile-credit-query').click();
  await expect(page.getByTestId('place-card')).toBeVisible();
  stack.idCard.presentCard(card);
  await expect(page.getByTestId('person-consent')).toBeVisible();
  await checkScreen(page, `person-consent ${locale}${elder ? ' elder' : ''}`, { elder });
}

test.describe('a face in front of the camera', () => {
  test.use({ cameraVideo: faceVideo });

  for (const [locale, elder] of [['zh-CN', false], ['en-US', true]] as const) {
    test(`passes, then shows the record; camera and card photo released (${locale}${elder ? ', elder' : ''})`, async ({ page, stack }) => {
      test.setTimeout(180_000);
      await passesAndReleases(page, stack, locale, elder, 'card');
    });
  }
});

/**
 * The pass with the sample face, the record after it, and nothing of the photo left: the camera
 * stopped, no video element, no stretch of the photo in the page's heap, the session wiped.
 */
async function passesAndReleases(page: Page, stack: Stack, locale: Locale, elder: boolean, source: 'card' | 'upstream'): Promise<void> {
  await toConsent(page, stack, locale, elder);
  await expect(page.getByTestId('person-consent-what')).not.toBeEmpty();
  // The authorisation page says which photo the face is compared with.
  await expect(page.getByTestId('person-consent-photo')).toHaveAttribute('data-source', source);
  const photoCalls = () => stack.upstream.requests.filter((r) => r.path === '/api/v1/person-check/registered-photo').length;
  const photoCallsBefore = photoCalls();
  // Nothing personal is queried before the check: the upstream has seen no credit call yet.
  const creditCalls = () => stack.upstream.requests.filter((r) => r.path === '/api/v1/credit/personal').length;
  const before = creditCalls();
  await page.getByTestId('person-agree').click();
  // The camera screen's own checks are in the no-face test, where it stays long enough.
  await expect(page.getByTestId('person-camera')).toBeVisible({ timeout: JUDGED_MS });
  // The test decoder's notice only where its photo is the one compared.
  await expect(page.getByTestId('person-test-decoder')).toHaveCount(source === 'card' ? 1 : 0);
  expect(photoCalls()).toBe(photoCallsBefore + (source === 'upstream' ? 1 : 0));

  await expect(page.getByTestId('credit-result')).toBeVisible({ timeout: JUDGED_MS });
  expect(creditCalls()).toBe(before + 1);
  const check = stack.core.sessions.current()?.personCheck;
  expect(check?.decision).toBe('passed');
  expect(check?.tries).toBe(1);
  expect(check?.lastSimilarity).toBeGreaterThanOrEqual(0.6);
  // What the session keeps of the check: the decision and its numbers, nothing of the face.
  expect(Object.keys(check ?? {}).sort()).toEqual(['cardKey', 'decidedAt', 'decision', 'lastSimilarity', 'tries']);

  await expect.poll(() => liveCameraTracks(page)).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  expect(await heapHolds(page, photoMark)).toBe(false);
  await finishAndCheckWiped(page, stack, personal);
  expect(stack.core.sessions.current()).toBeUndefined();
}

upstreamPhotoTest.describe('a face in front of the camera, compared with the registered photo from the upstream', () => {
  upstreamPhotoTest.use({ cameraVideo: faceVideo });

  for (const [locale, elder] of [['zh-CN', true], ['en-US', false]] as const) {
    upstreamPhotoTest(`passes, then shows the record; camera and registered photo released (${locale}${elder ? ', elder' : ''})`, async ({ page, stack }) => {
      upstreamPhotoTest.setTimeout(180_000);
      await passesAndReleases(page, stack, locale, elder, 'upstream');
    });
  }
});

test.describe('nobody in front of the camera', () => {
  test.use({ cameraVideo: nobodyVideo });

  test('three tries without a face, then staff are called (zh-CN, then elder en-US screens)', async ({ page, stack }) => {
    test.setTimeout(240_000);
    const calls: string[] = [];
    stack.core.apiHost.onEvent((event, payload) => {
      if (event === 'staffCall') calls.push((payload as { screen?: string }).screen ?? '');
    });
    await toConsent(page, stack, 'zh-CN', false);
    await page.getByTestId('person-agree').click();
    for (let tryNo = 1; tryNo <= 3; tryNo += 1) {
      await expect(page.getByTestId('person-camera')).toBeVisible({ timeout: JUDGED_MS });
      await expect(page.getByTestId('person-try')).toContainText(String(tryNo));
      // Try 1 in zh-CN, try 2 onwards in elder mode and English (the top bar switches mid-journey).
      if (tryNo === 1) await checkScreen(page, 'person-camera zh-CN');
      if (tryNo === 2) {
        await page.getByTestId('elder-toggle').click();
        await page.getByTestId('lang-switch').click();
        await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
        await expect(page.getByTestId('person-camera')).toBeVisible();
        await checkScreen(page, 'person-camera en-US elder', { elder: true });
      }
      if (tryNo < 3) {
        await expect(page.getByTestId('person-retry')).toBeVisible({ timeout: JUDGED_MS });
        await expect(page.getByTestId('person-outcome-message')).toHaveAttribute('data-reason', 'no-face');
        await expect(page.getByTestId('person-tries-left')).toContainText(String(3 - tryNo));
        await checkScreen(page, `person-retry ${tryNo === 1 ? 'zh-CN' : 'en-US elder'}`, { elder: tryNo === 2 });
        await page.getByTestId('person-retry-button').click();
      }
    }
    await expect(page.getByTestId('person-failed')).toBeVisible({ timeout: JUDGED_MS });
    await expect(page.getByTestId('person-outcome-message')).toHaveAttribute('data-reason', 'called');
    expect(calls).toContain('person-failed');
    await checkScreen(page, 'person-failed en-US elder', { elder: true });
    expect(stack.core.sessions.current()?.personCheck).toMatchObject({ decision: 'failed', tries: 3 });
    await expect.poll(() => liveCameraTracks(page)).toBe(0);
    expect(await heapHolds(page, photoMark)).toBe(false);

    // The core holds the line too: no personal record for this session, whatever the screen does.
    const refused = await stack.core.apiHost.dispatch('queryCredit', { kind: 'personal' }, { shell: 'browser', connectionId: 'e2e' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PERSON_NOT_VERIFIED' } });

    // Back home in the same session the check stays failed for this card: no fourth try.
    await page.getByTestId('person-home').click();
    await expect(page.getByTestId('home')).toBeVisible();
    await page.getByTestId('tile-credit-query').click();
    await expect(page.getByTestId('person-failed')).toBeVisible({ timeout: JUDGED_MS });
    await checkScreen(page, 'person-failed resumed, en-US elder', { elder: true });
  });
});
