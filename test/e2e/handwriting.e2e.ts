/**
 * 手写 on the form keyboard: recorded stroke sequences (test/support/handwriting-strokes.ts) are
 * replayed with pointer events on the handwriting pad, through the real IPC to the real
 * recogniser (zinnia helper), in zh-CN and en-US, normal and elder mode, axe on the pad with its
 * candidates. The pad is a chunk of its own, fetched only when a citizen switches to handwriting.
 */
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { ensureHandwritingHelper } from '../support/handwriting-helper.ts';
import { RECORDED_CHARACTERS, type RecordedStrokes } from '../support/handwriting-strokes.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { checkScreen, openService, startSession, type Locale } from './kiosk-helpers.ts';

const test = sharedDemoTest();
const card = sampleCards.resident;
const PAD = 'field-keyboard-handwriting-pad';

test.beforeAll(() => ensureHandwritingHelper());

/** Replays strokes (0..1000 box) on the pad with the mouse: pointerdown, moves, pointerup. */
async function write(page: Page, strokes: RecordedStrokes, count = strokes.length): Promise<void> {
  const box = await page.getByTestId(PAD).boundingBox();
  if (!box) throw new Error('the handwriting pad is not visible');
  const at = ([x, y]: readonly [number, number]): [number, number] => [box.x + (x / 1000) * box.width, box.y + (y / 1000) * box.height];
  for (const stroke of strokes.slice(0, count)) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    await page.mouse.move(...at(first));
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...at(point));
    await page.mouse.up();
  }
}

async function writeAndPick(page: Page, character: string): Promise<void> {
  const strokes = RECORDED_CHARACTERS[character];
  if (!strokes) throw new Error(`no recorded strokes for ${character}`);
  await write(page, strokes);
  await expect(page.getByTestId(PAD)).toHaveAttribute('data-strokes', String(strokes.length));
  const candidate = page.getByTestId('field-keyboard-candidates').locator(`[data-candidate="${character}"]`);
  await candidate.click();
  await expect(page.getByTestId(PAD)).toHaveAttribute('data-strokes', '0');
}

/** The address field: free Chinese text, empty at first (the name is locked to the card's). */
async function openTextField(page: Page): Promise<void> {
  await openService(page, 'form-filling');
  await page.getByTestId('form-residence-permit').click();
  await expect(page.getByTestId('form-editor')).toBeVisible();
  await page.getByTestId('edit-residenceAddress').click();
  await expect(page.getByTestId('field-editor')).toBeVisible();
}

for (const [locale, elder] of [
  ['zh-CN', false],
  ['zh-CN', true],
  ['en-US', false],
  ['en-US', true],
] as Array<[Locale, boolean]>) {
  test(`handwriting on the form keyboard (${locale}${elder ? ', elder' : ''})`, async ({ page, stack }) => {
    const padChunks: string[] = [];
    page.on('request', (request) => {
      if (/HandwritingPad-[^/]*\.js$/.test(request.url())) padChunks.push(request.url());
    });
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openTextField(page);
    // Initial JS does not carry the pad: its chunk comes when handwriting is switched on.
    expect(padChunks).toEqual([]);
    await page.getByTestId('field-keyboard-handwriting-toggle').click();
    await expect(page.getByTestId('field-keyboard-handwriting-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId(PAD)).toBeVisible();
    expect(padChunks).toHaveLength(1);

    // 中, with its candidates on screen: the screen every check runs on.
    await write(page, RECORDED_CHARACTERS['中']!);
    await expect(page.getByTestId('field-keyboard-candidates').locator('.key-candidate').first()).toHaveAttribute('data-candidate', '中');
    await checkScreen(page, `handwriting pad with candidates (${locale}${elder ? ', elder' : ''})`, { elder });
    await page.getByTestId('field-keyboard-candidates').locator('[data-candidate="中"]').click();
    await expect(page.getByTestId('field-keyboard-value')).toHaveText('中');

    // Undo one stroke, then rewrite: neither puts anything into the field.
    await write(page, RECORDED_CHARACTERS['国']!, 3);
    await expect(page.getByTestId(PAD)).toHaveAttribute('data-strokes', '3');
    await page.getByTestId('field-keyboard-handwriting-undo').click();
    await expect(page.getByTestId(PAD)).toHaveAttribute('data-strokes', '2');
    await page.getByTestId('field-keyboard-handwriting-clear').click();
    await expect(page.getByTestId(PAD)).toHaveAttribute('data-strokes', '0');
    await expect(page.getByTestId('field-keyboard-value')).toHaveText('中');

    await writeAndPick(page, '国');
    await writeAndPick(page, '大');
    await expect(page.getByTestId('field-keyboard-value')).toHaveText('中国大');

    // Back to pinyin: the letter keys return, the value stays.
    await page.getByTestId('field-keyboard-handwriting-toggle').click();
    await expect(page.getByTestId(PAD)).toHaveCount(0);
    await expect(page.getByTestId('field-keyboard').locator('[data-key="a"]')).toBeVisible();

    await page.getByTestId('field-done').click();
    await expect(page.getByTestId('edit-residenceAddress')).toContainText('中国大');
    await page.getByTestId('nav-home').click();
    await expect(page.getByTestId('home')).toBeVisible();
    expect(await page.evaluate(() => document.body.innerText.includes('中国大'))).toBe(false);
  });
}

test('a handwriting pad that fails to arrive says so, keeps the value, and loads on retry (zh-CN)', async ({ page, stack }) => {
  const chunk = '**/assets/HandwritingPad-*.js';
  await page.route(chunk, (route) => route.abort('connectionfailed'));
  await startSession(page, stack);
  stack.idCard.presentCard(card);
  await openTextField(page);
  await page.getByTestId('field-keyboard').locator('[data-key="b"]').click();
  await page.getByTestId('field-keyboard').locator('[data-candidate]').first().waitFor();
  await page.getByTestId('field-keyboard').locator('[data-candidate]').first().click();
  const typed = await page.getByTestId('field-keyboard-value').textContent();
  expect(typed).not.toBe('');

  await page.getByTestId('field-keyboard-handwriting-toggle').click();
  await expect(page.getByTestId('field-keyboard-handwriting-load-failed')).toContainText('手写板没有载入');
  await expect(page.getByTestId('field-keyboard-value')).toHaveText(typed ?? '');
  await checkScreen(page, 'handwriting pad not loaded');

  await page.unroute(chunk);
  await page.getByTestId('field-keyboard-handwriting-reload').click();
  await writeAndPick(page, '王');
  await expect(page.getByTestId('field-keyboard-value')).toHaveText(`${typed ?? ''}王`);
  await page.getByTestId('field-cancel').click();
});
