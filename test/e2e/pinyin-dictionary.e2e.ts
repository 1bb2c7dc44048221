/**
 * The full pinyin dictionary on the form keyboard: a name with rare characters (堃 on the first
 * page of "kun", 燚 pages into "yi") typed and picked into a free-text field (the form's name is
 * locked to the card's) in zh-CN and en-US, normal and elder mode,
 * with axe on the keyboard; a whole name as one phrase candidate; no "call staff for a missing
 * character" note any more; nothing typed left once the citizen leaves the form.
 */
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, openService, startSession, typeOnKeyboard, type Locale } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const NAME = '王堃燚';

/** Types the letters, then pages forward until the character is on screen and picks it. */
async function typeAndPick(page: Page, letters: string, char: string): Promise<void> {
  const keyboard = page.getByTestId('field-keyboard');
  await typeOnKeyboard(page, letters, 'field-keyboard');
  await expect(page.getByTestId('field-keyboard-composing')).toHaveText(letters);
  const candidate = keyboard.locator(`[data-candidate="${char}"]`);
  const next = keyboard.locator('.candidate-pager button').last();
  // The dictionary chunk may still be arriving: candidates appear once it has.
  await expect(keyboard.locator('.key-candidate').first()).toBeVisible();
  for (let page = 0; page < 12 && !(await candidate.isVisible()); page += 1) {
    await expect(next).toBeEnabled();
    await next.click();
  }
  await candidate.click();
  await expect(page.getByTestId('field-keyboard-composing')).toHaveCount(0);
}

/** The address field: free Chinese text, empty at first (the name is locked to the card's). */
async function openTextField(page: Page): Promise<void> {
  await openService(page, 'form-filling');
  await page.getByTestId('form-residence-permit').click();
  await expect(page.getByTestId('form-editor')).toBeVisible();
  await page.getByTestId('edit-residenceAddress').click();
  await expect(page.getByTestId('field-editor')).toBeVisible();
}

/** Leaving the form for home leaves nothing of what was typed on the page. */
async function leaveAndCheckGone(page: Page, typed: string): Promise<void> {
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home')).toBeVisible();
  expect(await page.evaluate((text) => document.body.innerText.includes(text), typed)).toBe(false);
}

for (const [locale, elder] of [
  ['zh-CN', false],
  ['zh-CN', true],
  ['en-US', false],
  ['en-US', true],
] as Array<[Locale, boolean]>) {
  test(`a name with rare characters on the pinyin keyboard (${locale}${elder ? ', elder' : ''})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openTextField(page);

    await typeAndPick(page, 'wang', '王');
    await typeAndPick(page, 'kun', '堃');
    await typeOnKeyboard(page, 'yi', 'field-keyboard');
    await checkScreen(page, `pinyin keyboard, candidates of "yi" (${locale}${elder ? ', elder' : ''})`, { elder });
    await page.getByTestId('field-keyboard').locator('[data-key="Backspace"]').click();
    await page.getByTestId('field-keyboard').locator('[data-key="Backspace"]').click();
    await typeAndPick(page, 'yi', '燚');
    await expect(page.getByTestId('field-keyboard-value')).toHaveText(NAME);
    // The dictionary has the character: nothing tells the citizen to call staff for one.
    await expect(page.getByTestId('field-editor')).not.toContainText(locale === 'zh-CN' ? '工作人员' : 'staff');

    await page.getByTestId('field-done').click();
    await expect(page.getByTestId('edit-residenceAddress')).toContainText(NAME);
    await leaveAndCheckGone(page, NAME);
  });
}

test('a whole name as one phrase candidate, and letters that spell nothing say so (zh-CN)', async ({ page, stack }) => {
  await startSession(page, stack);
  stack.idCard.presentCard(card);
  await openTextField(page);
  const keyboard = page.getByTestId('field-keyboard');

  await typeOnKeyboard(page, 'zhangsan', 'field-keyboard');
  await expect(keyboard.locator('.key-candidate').first()).toHaveAttribute('data-candidate', '张三');
  await keyboard.locator('[data-candidate="张三"]').click();
  await expect(page.getByTestId('field-keyboard-value')).toHaveText('张三');

  await typeOnKeyboard(page, 'vvv', 'field-keyboard');
  await expect(page.getByTestId('field-keyboard-candidates')).toContainText('没有这样拼写的拼音');
  await checkScreen(page, 'pinyin keyboard, nothing spelled');
  await page.getByTestId('field-cancel').click();
  await leaveAndCheckGone(page, '张三');
});

test('a dictionary that fails to arrive says so, keeps the letters, and loads on retry (zh-CN)', async ({ page, stack }) => {
  const chunk = '**/assets/pinyin-dictionary.generated-*.js';
  await page.route(chunk, (route) => route.abort('connectionfailed'));
  await startSession(page, stack);
  stack.idCard.presentCard(card);
  await openTextField(page);
  const keyboard = page.getByTestId('field-keyboard');

  await typeOnKeyboard(page, 'kun', 'field-keyboard');
  await expect(keyboard.getByRole('alert')).toContainText('拼音词库没有载入');
  await expect(page.getByTestId('field-keyboard-composing')).toHaveText('kun');
  await checkScreen(page, 'pinyin keyboard, dictionary not loaded');

  await page.unroute(chunk);
  await page.getByTestId('field-keyboard-dictionary-retry').click();
  await keyboard.locator('[data-candidate="堃"]').click();
  await expect(page.getByTestId('field-keyboard-value')).toHaveText('堃');
  await page.getByTestId('field-cancel').click();
  await leaveAndCheckGone(page, '堃');
});
