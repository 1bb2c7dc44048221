/**
 * What holds on every screen whatever the service: colour schemes that pass axe's contrast rules,
 * elder mode, both screen orientations, the read-aloud button (Web Speech API, never reading
 * personal data), kiosk hygiene, the call-staff button that keeps the citizen's progress, and
 * the inactivity warning inside a service, whose expiry wipes everything.
 */
import { expect } from '@playwright/test';
import { maskIdNumber } from '../../electron/contract/rules/id-number.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { e2eTimeouts, sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, expectAccessible, expectFits, idleFor, openService, personalDataLeft, removeCard, startSession, typeOnKeyboard } from './kiosk-helpers.ts';
import { playedKeys, playedPrompts, recordPrompts } from './voice-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const personal = [card.name, card.idNumber, maskIdNumber(card.idNumber), card.address];

for (const scheme of ['contrast', 'dark'] as const) {
  test(`the ${scheme} colour scheme passes axe on home, a form and a result`, async ({ page, stack }) => {
    await startSession(page, stack, { scheme });
    await expect(page.locator('html')).toHaveAttribute('data-scheme', scheme);
    await expectAccessible(page, `home (${scheme})`);
    stack.idCard.presentCard(card);
    await openService(page, 'form-filling');
    await page.getByTestId('form-residence-permit').click();
    await expect(page.getByTestId('form-editor')).toBeVisible();
    await page.getByTestId('to-review').click();
    await expect(page.getByTestId('form-errors')).toBeVisible();
    await expectAccessible(page, `form with messages (${scheme})`);
    await page.getByTestId('edit-residenceAddress').click();
    await typeOnKeyboard(page, 'bei', 'field-keyboard');
    await expectAccessible(page, `pinyin keyboard (${scheme})`);
    await page.getByTestId('field-cancel').click();
    await page.getByTestId('nav-home').click();
    await openService(page, 'credit-query');
    await expect(page.getByTestId('credit-result')).toBeVisible();
    await page.getByTestId('rating-very-dissatisfied').click();
    await expectAccessible(page, `credit result with rating (${scheme})`);
    // The scheme is the citizen's: the next one starts from the standard colours.
    await page.getByTestId('finish-button').click();
    await page.getByTestId('done-button').click();
    await expect(page.locator('html')).toHaveAttribute('data-scheme', 'standard');
  });
}

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
]) {
  test(`screens fit ${viewport.width}x${viewport.height}, in elder mode too`, async ({ page, stack }) => {
    await page.setViewportSize(viewport);
    await removeCard(stack);
    await startSession(page, stack);
    for (const elder of [false, true]) {
      if (elder) await page.getByTestId('elder-toggle').click();
      await expectFits(page, `home${elder ? ' (elder)' : ''}`);
      await openService(page, 'credit-query');
      await page.getByTestId('enterprise-switch').click();
      await expect(page.getByTestId('enterprise-entry')).toBeVisible();
      await expectFits(page, `code keyboard${elder ? ' (elder)' : ''}`);
      // The keyboard and the button that submits it are both on screen without scrolling.
      await expect(page.getByTestId('keyboard')).toBeInViewport();
      await page.getByTestId('nav-home').click();
      stack.idCard.presentCard(card);
      await openService(page, 'form-filling');
      await page.getByTestId('form-residence-permit').click();
      await expect(page.getByTestId('form-editor')).toBeVisible();
      await removeCard(stack);
      await page.getByTestId('edit-residenceAddress').click();
      await expect(page.getByTestId('field-editor')).toBeVisible();
      await expectFits(page, `pinyin keyboard${elder ? ' (elder)' : ''}`);
      await expect(page.getByTestId('field-done')).toBeInViewport();
      await page.getByTestId('field-cancel').click();
      await page.getByTestId('nav-home').click();
    }
  });
}

test('read aloud speaks the key text of the screen, never the personal data', async ({ page, stack }) => {
  await page.addInitScript(() => {
    const spoken: Array<{ text: string; lang: string }> = [];
    const voices = [
      { lang: 'zh-CN', name: 'Test Chinese', localService: true, voiceURI: 'zh', default: true },
      { lang: 'en-US', name: 'Test English', localService: true, voiceURI: 'en', default: false },
    ];
    const synth = {
      getVoices: () => voices,
      speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }),
      cancel: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    // The real utterance only takes real voices; this one takes the fake ones.
    (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class {
      lang = '';
      rate = 1;
      voice: unknown = null;
      constructor(readonly text: string) {}
    };
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
  });
  await startSession(page, stack);
  await page.getByTestId('speak-button').click();
  const first = await page.evaluate(() => (window as unknown as { spoken: Array<{ text: string; lang: string }> }).spoken.at(-1));
  expect(first?.lang).toBe('zh-CN');
  expect(first?.text).toContain('请选择办理事项');

  stack.idCard.presentCard(card);
  await openService(page, 'credit-query');
  await expect(page.getByTestId('credit-result')).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('speak-button').click();
  const second = await page.evaluate(() => (window as unknown as { spoken: Array<{ text: string; lang: string }> }).spoken.at(-1));
  expect(second?.lang).toBe('en-US');
  expect(second?.text).toContain('Credit record');
  for (const datum of personal) expect(second?.text).not.toContain(datum);
  await page.getByTestId('finish-button').click();
  await expect(page.getByTestId('done')).toBeVisible();
});

test("no OS voice: the speak button says the screen's prompt from the voice pack", async ({ page, stack }) => {
  await recordPrompts(page);
  await startSession(page, stack);
  // Debian's headless Chromium has no voices at all: the button stays, and plays the pack.
  const homePlays = async (): Promise<number> => (await playedKeys(page)).filter((key) => key === 'screen.home').length;
  await expect.poll(homePlays).toBe(1);
  await page.getByTestId('speak-button').click();
  await expect.poll(homePlays).toBe(2);
  expect((await playedPrompts(page)).at(-1)?.src).toBe('voice/zh-CN/screen.home.ogg');
});

test('no OS voice and no voice pack: no speak button, nothing breaks', async ({ page, stack }) => {
  await page.route('**/voice/manifest.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await startSession(page, stack);
  await expect(page.getByTestId('home')).toBeVisible();
  await expect(page.getByTestId('speak-button')).toHaveCount(0);
});

test('kiosk hygiene: no context menu, selection, multi-finger gestures or way back', async ({ page, stack }) => {
  await startSession(page, stack);
  const blocked = await page.evaluate(() => {
    const fire = (event: Event): boolean => !document.body.dispatchEvent(event);
    const touch = new Touch({ identifier: 1, target: document.body, clientX: 10, clientY: 10 });
    const touch2 = new Touch({ identifier: 2, target: document.body, clientX: 50, clientY: 50 });
    return {
      contextmenu: fire(new MouseEvent('contextmenu', { bubbles: true, cancelable: true })),
      selectstart: fire(new Event('selectstart', { bubbles: true, cancelable: true })),
      dragstart: fire(new Event('dragstart', { bubbles: true, cancelable: true })),
      drop: fire(new Event('drop', { bubbles: true, cancelable: true })),
      pinch: fire(new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [touch, touch2] })),
      oneFinger: fire(new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [touch] })),
      userSelect: getComputedStyle(document.body).userSelect,
      overscroll: getComputedStyle(document.body).overscrollBehaviorX,
      viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '',
    };
  });
  expect(blocked).toMatchObject({ contextmenu: true, selectstart: true, dragstart: true, drop: true, pinch: true, oneFinger: false });
  expect(blocked.userSelect).toBe('none');
  expect(blocked.overscroll).toBe('none');
  expect(blocked.viewport).toContain('user-scalable=no');
  const url = page.url();
  await page.goBack();
  expect(page.url()).toBe(url.split('#')[0]);
  await expect(page.getByTestId('home')).toBeVisible();
});

test('call staff from the middle of a form: staff alerted, the form untouched', async ({ page, stack }) => {
  const calls: unknown[] = [];
  const off = stack.core.dispatcher.onEvent((event, payload) => {
    if (event === 'staffCall') calls.push(payload);
  });
  try {
    await startSession(page, stack, { elder: true });
    stack.idCard.presentCard(card);
    await openService(page, 'form-filling');
    await page.getByTestId('form-residence-permit').click();
    await page.getByTestId('option-reason-study').click();
    await page.getByTestId('call-staff').click();
    await expect(page.getByTestId('staff-dialog')).toBeVisible();
    await checkScreen(page, 'staff dialog', { elder: true });
    await expect.poll(() => calls.length).toBe(1);
    expect(calls[0]).toMatchObject({ state: 'called', serviceId: 'form-filling', screen: 'form-filling-form-editing' });
    await page.getByTestId('staff-dialog-close').click();
    await expect(page.getByTestId('call-staff')).toHaveAttribute('data-state', 'called');
    // The citizen's progress is where it was.
    await expect(page.getByTestId('option-reason-study')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('edit-name')).toContainText(card.name);
    await page.getByTestId('call-staff').click();
    await page.getByTestId('staff-cancel').click();
    await expect(page.getByTestId('call-staff')).toHaveAttribute('data-state', 'idle');
    await expect.poll(() => calls.length).toBe(2);
    expect(calls[1]).toMatchObject({ state: 'cancelled' });
  } finally {
    off();
  }
});

test('the inactivity warning appears inside a service; its expiry wipes the form', async ({ page, stack }) => {
  await startSession(page, stack, { clock: true });
  stack.idCard.presentCard(card);
  await openService(page, 'form-filling');
  await page.getByTestId('form-residence-permit').click();
  await expect(page.getByTestId('form-editor')).toBeVisible();
  await page.getByTestId('option-reason-family').click();

  await idleFor(page, e2eTimeouts.inactivitySeconds * 1000 + 500);
  await expect(page.getByTestId('timeout-warning')).toBeVisible();
  await checkScreen(page, 'timeout warning');
  await page.getByTestId('continue-button').click();
  await expect(page.getByTestId('timeout-warning')).toBeHidden();
  await expect(page.getByTestId('option-reason-family')).toHaveAttribute('aria-pressed', 'true');

  await idleFor(page, e2eTimeouts.inactivitySeconds * 1000 + 500);
  await expect(page.getByTestId('timeout-warning')).toBeVisible();
  await page.clock.fastForward(e2eTimeouts.warningSeconds * 1000 + 500);
  await expect(page.getByTestId('attract')).toBeVisible();
  await expect.poll(() => stack.core.sessions.current()).toBeUndefined();
  expect(await personalDataLeft(page, personal)).toEqual([]);
});

test('a card pulled mid-read ends in a clear error, and going home leaves nothing behind', async ({ page, stack }) => {
  await removeCard(stack);
  await startSession(page, stack);
  stack.idCard.setFault('bad-checksum');
  await openService(page, 'credit-commitment');
  await expect(page.getByTestId('place-card')).toBeVisible();
  stack.idCard.presentCard(card);
  await expect(page.getByTestId('error')).toBeVisible();
  await checkScreen(page, 'card read error');
  stack.idCard.setFault('none');
  await page.getByTestId('retry-button').click();
  await expect(page.getByTestId('commitment-list')).toBeVisible();
  await page.getByTestId('nav-home').click();
  await page.getByTestId('exit-button').click();
  await expect(page.getByTestId('attract')).toBeVisible();
  expect(await personalDataLeft(page, personal)).toEqual([]);
});
