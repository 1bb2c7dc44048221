/**
 * Issue 12, the citizen screens on a par with hall machines, on the demo stack in zh-CN and en-US,
 * normal and elder mode, with axe on every new screen:
 *   - the attract screen from the config (hall, emblem slot, clock, terminal number, hotline, what
 *     the terminal can do, the arrow to the card reader), portrait and landscape;
 *   - home grouped (信用 / 公安 / 政务服务) and filling the screen, tile labels whole words, tile
 *     names the screens' titles, no internal id on screen, language and colour buttons alike, the
 *     elder top bar on one row;
 *   - the step indicator, the error summary that takes the citizen to the first error, the rating
 *     panel clear of the fixed bar of actions;
 *   - with the printer out of paper: print disabled with the reason, the result as a QR code instead;
 *   - the take-your-card reminder spoken from the voice packs, repeated;
 *   - pinyin initials: "zg" offers 中国.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { sampleCards } from '../../native/simulators/sample-cards.ts';
import { ALL_SERVICES, demoTest } from './demo-fixture.ts';
import { checkScreen, expectFits, openService, removeCard, startSession, typeOnKeyboard, type Locale } from './kiosk-helpers.ts';
import { playedPrompts, recordPrompts } from './voice-helpers.ts';

const hall = {
  name: { 'zh-CN': '示例市民服务中心', 'en-US': 'Example Citizen Service Centre' },
  emblem: 'police',
  hotline: '0871-12345',
  cardReader: 'below-left',
} as const;
const test = demoTest({ configOverride: { services: { enabled: ALL_SERVICES }, hall } });
const card = sampleCards.resident;
const ENTERPRISE = '91110105MA01K3Q7R7';

const text = {
  'zh-CN': {
    steps: (n: number, of: number) => `第 ${n} 步 / 共 ${of} 步`,
    groups: ['信用服务', '公安服务', '政务服务'],
    paperOut: '打印机缺纸',
  },
  'en-US': {
    steps: (n: number, of: number) => `Step ${n} of ${of}`,
    groups: ['Credit', 'Police services', 'Government services'],
    paperOut: 'out of paper',
  },
} as const;

const modes: { locale: Locale; elder: boolean }[] = [
  { locale: 'zh-CN', elder: false },
  { locale: 'zh-CN', elder: true },
  { locale: 'en-US', elder: false },
  { locale: 'en-US', elder: true },
];

/** The sticky bar of actions' top edge, or the viewport's bottom when the screen has none. */
async function barTop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bars = [...document.querySelectorAll('main .actions')].filter((el) => getComputedStyle(el).position === 'sticky');
    return bars.at(-1)?.getBoundingClientRect().top ?? window.innerHeight;
  });
}

/** Words of tile titles and top-bar labels that the layout broke over two lines (a word on two lines has two client rects). */
async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.keep-word')]
      .filter((el) => el.getBoundingClientRect().width > 0 && el.getClientRects().length > 1)
      .map((el) => el.textContent ?? ''),
  );
}

/**
 * Internal names in the visible text of the page: service ids and untranslated string keys
 * ("service.certificatePickup"). 'e-licence' is also the English word the English screens use.
 */
async function idsOnScreen(page: Page): Promise<string[]> {
  const visible = await page.locator('body').innerText();
  const keys = visible.match(/\b[a-z]+\.[a-z][A-Za-z]+(\.[A-Za-z]+)*\b/g) ?? [];
  return [...ALL_SERVICES.filter((id) => id !== 'e-licence' && visible.includes(id)), ...keys];
}

test('the attract screen says where the citizen is, when, what the terminal can do, the hotline, its number and where the card reader is (zh-CN and en-US, portrait and landscape)', async ({ page, stack }) => {
  await removeCard(stack);
  await page.goto(stack.launchUrl);
  await expect(page.getByTestId('attract')).toBeVisible();
  await expect(page.getByTestId('hall-name')).toHaveText(hall.name['zh-CN']);
  await expect(page.getByTestId('hall-emblem')).toHaveAttribute('data-emblem', 'police');
  await expect(page.getByTestId('attract-hotline')).toContainText(hall.hotline);
  await expect(page.getByTestId('attract-terminal')).toContainText(stack.core.config().terminalId);
  // The clock is the hall's (config hall.timeZone, default China time), not the browser's UTC: the current minute (or the next, across the turn of one).
  const minutes = [0, 60_000].map((ms) => new Date(Date.now() + ms).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }));
  expect(minutes).toContain((await page.getByTestId('attract-clock').locator('.attract-time').textContent())?.trim());
  // What it can do: the enabled services that work now, by their tile names, never their ids.
  const services = page.getByTestId('attract-services');
  await expect(services.getByTestId('attract-service-credit-query')).toHaveText('信用查询');
  await expect(services.getByTestId('attract-service-traffic-violation')).toHaveText('交通违法查询');
  expect(await idsOnScreen(page)).toEqual([]);
  // The arrow points at the reader, in the screen's bottom-left corner.
  const arrow = page.getByTestId('reader-arrow');
  await expect(arrow).toHaveAttribute('data-place', 'below-left');
  const box = await arrow.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeLessThan(100);
  expect(box!.y + box!.height).toBeGreaterThan(1920 - 100);
  await checkScreen(page, 'attract (portrait)');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await checkScreen(page, 'attract (landscape)');
  // Everything on one landscape screen: nothing to scroll to on an idle terminal.
  const fits = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main !== null && main.scrollHeight <= main.clientHeight + 1;
  });
  expect(fits).toBe(true);
  const landscapeArrow = await arrow.boundingBox();
  expect(landscapeArrow!.y + landscapeArrow!.height).toBeGreaterThan(1080 - 100);
  await page.setViewportSize({ width: 1080, height: 1920 });

  // A hall whose terminal speaks English first: the same screen from the config, in English.
  const { versions } = stack.core.maintenance;
  const override = JSON.parse(readFileSync(join(stack.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const before = versions.apply({ ...override, locale: 'en-US' }, { source: 'local', actor: 'e2e', note: 'attract in English' });
  expect(before.ok).toBe(true);
  try {
    await expect(page.getByTestId('hall-name')).toHaveText(hall.name['en-US']);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    await expect(page.getByTestId('attract-service-credit-query')).toHaveText('Credit query');
    expect(await idsOnScreen(page)).toEqual([]);
    await checkScreen(page, 'attract (en-US)');
  } finally {
    expect(versions.restorePrevious('e2e').ok).toBe(true);
  }
  await expect(page.getByTestId('hall-name')).toHaveText(hall.name['zh-CN']);
  // Touching anywhere starts, not only the button.
  await page.getByTestId('attract-clock').click();
  await expect(page.getByTestId('home')).toBeVisible();
});

for (const { locale, elder } of modes) {
  const mode = `${locale}${elder ? ', elder mode' : ''}`;
  const say = text[locale];

  test(`home groups the services and fills the screen; labels are whole words; tiles are named as their screens (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    await startSession(page, stack, { locale, elder });
    const groups = page.locator('.tile-group');
    await expect(groups).toHaveCount(3);
    await expect(groups.locator('h2')).toHaveText([...say.groups]);
    await expect(page.getByTestId('group-credit').getByTestId('tile-credit-query')).toBeVisible();
    await expect(page.getByTestId('group-police').getByTestId('tile-traffic-violation')).toBeVisible();
    await expect(page.getByTestId('group-government').getByTestId('tile-service-guide')).toBeVisible();
    // The tiles fill the screen down to its bottom, or beyond it.
    const bottom = await page.evaluate(() => {
      const tiles = [...document.querySelectorAll('.tile')].map((t) => t.getBoundingClientRect().bottom);
      const main = document.querySelector('main')!.getBoundingClientRect();
      return { last: Math.max(...tiles), main: main.bottom };
    });
    expect(bottom.last).toBeGreaterThan(bottom.main - 120);
    expect(await brokenWords(page)).toEqual([]);
    expect(await idsOnScreen(page)).toEqual([]);
    await checkScreen(page, `home (${mode})`, { elder });

    // The colour button names, like the language button, what a tap gives.
    const scheme = page.getByTestId('scheme-toggle');
    const offered = (await scheme.innerText()).trim();
    await scheme.click();
    const now = await page.locator('html').getAttribute('data-scheme');
    expect(offered).toBe(locale === 'zh-CN' ? { contrast: '高对比度', dark: '深色', standard: '标准配色' }[now ?? ''] : { contrast: 'High contrast', dark: 'Dark', standard: 'Standard colours' }[now ?? '']);
    for (let i = 0; i < 2; i += 1) await scheme.click();
    await expect(page.locator('html')).toHaveAttribute('data-scheme', 'standard');
    for (const button of [scheme, page.getByTestId('lang-switch')]) await expect(button.locator('svg')).toHaveCount(1);

    // Each tile's name is the title its screen shows.
    for (const id of ['credit-commitment', 'traffic-violation', 'form-filling', 'e-licence', 'progress-query', 'service-guide']) {
      const name = (await page.getByTestId(`tile-${id}`).locator('.tile-title').innerText()).replace(/\s+/g, ' ').trim();
      await openService(page, id);
      await expect(page.locator('main').locator('.screen-kicker, h1').filter({ hasText: name }).first()).toBeVisible();
      expect(await idsOnScreen(page)).toEqual([]);
      await page.getByTestId('nav-home').click();
      await expect(page.getByTestId('home')).toBeVisible();
    }

    if (elder) {
      // One row of controls, inside a journey too (home and call-staff join the bar there).
      stack.idCard.presentCard(card);
      await openService(page, 'credit-commitment');
      await expect(page.getByTestId('commitment-list')).toBeVisible();
      const bar = await page.evaluate(() => {
        const rects = [...document.querySelectorAll('header.topbar button')].map((el) => el.getBoundingClientRect());
        const level = document.querySelector('header.topbar .voice-level')?.getBoundingClientRect();
        const top = Math.min(...rects.map((r) => r.top));
        const bottom = Math.max(...rects.map((r) => r.bottom));
        return {
          rows: new Set(rects.map((r) => Math.round(r.top))).size,
          // The volume level sits between its buttons, inside the same row.
          levelInRow: level !== undefined && level.top >= top && level.bottom <= bottom,
          height: document.querySelector('header.topbar')?.getBoundingClientRect().height ?? 0,
        };
      });
      expect(bar.rows).toBe(1);
      expect(bar.levelInRow).toBe(true);
      // Two lines of elder text under an icon: well under a tenth of a 1920 px screen.
      expect(bar.height).toBeLessThan(192);
      expect(await brokenWords(page)).toEqual([]);
      await checkScreen(page, `one-row top bar (${mode})`, { elder });
      await page.getByTestId('nav-home').click();
    }
  });

  test(`multi-step journeys say 第 n 步 / 共 m 步 (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    stack.idCard.presentCard(card);
    await startSession(page, stack, { locale, elder });
    await openService(page, 'credit-commitment');
    await expect(page.getByTestId('commitment-list')).toBeVisible();
    const indicator = page.getByTestId('step-indicator');
    await expect(page.getByTestId('step-count')).toHaveText(say.steps(2, 4));
    await expect(indicator).toHaveAttribute('data-current', '2');
    await expect(indicator.locator('[aria-current="step"]')).toHaveCount(1);
    await checkScreen(page, `step indicator (${mode})`, { elder });
    await page.getByTestId('matter-individual-business-registration').click();
    await expect(page.getByTestId('step-count')).toHaveText(say.steps(3, 4));
    await page.getByTestId('agree').click();
    await page.getByTestId('commit-next').click();
    await expect(page.getByTestId('step-count')).toHaveText(say.steps(4, 4));

    await page.getByTestId('nav-home').click();
    await openService(page, 'traffic-violation');
    await expect(page.getByTestId('plate-entry')).toBeVisible();
    await expect(page.getByTestId('step-count')).toHaveText(say.steps(2, 3));
    await page.getByTestId('nav-home').click();
  });

  test(`the error summary takes the citizen to the first error (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    stack.idCard.presentCard(card);
    await startSession(page, stack, { locale, elder });
    await openService(page, 'form-filling');
    await page.getByTestId('form-residence-permit').click();
    await expect(page.getByTestId('form-editor')).toBeVisible();
    await expect(page.getByTestId('step-count')).toHaveText(say.steps(3, 4));
    // Scrolled down to the button: the summary at the top comes into view and takes focus.
    await page.getByTestId('to-review').click();
    const summary = page.getByTestId('form-errors');
    await expect(summary).toBeFocused();
    await expect(summary).toBeInViewport();
    const links = summary.getByRole('button');
    expect(await links.count()).toBeGreaterThan(0);
    await checkScreen(page, `error summary (${mode})`, { elder });
    // The first entry is the first field in error; it takes the citizen there, above the bar of actions.
    const first = await page.evaluate(() => document.querySelector('[data-testid^="field-error-"]')?.getAttribute('data-testid')?.slice('field-error-'.length) ?? '');
    await expect(links.first()).toHaveAttribute('data-testid', `error-link-${first}`);
    await links.first().click();
    const field = page.getByTestId(`field-${first}`);
    await expect(field).toBeInViewport();
    await expect(field.locator('button').first()).toBeFocused();
    const fieldBox = await field.boundingBox();
    expect(fieldBox!.y + fieldBox!.height).toBeLessThanOrEqual(await barTop(page));
    await page.getByTestId('nav-home').click();
  });

  test(`the rating panel is never hidden under the fixed bar (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    stack.idCard.presentCard(card);
    await startSession(page, stack, { locale, elder });
    await openService(page, 'credit-query');
    await expect(page.getByTestId('credit-result')).toBeVisible();
    await page.getByTestId('rating-very-dissatisfied').click();
    await expect(page.getByTestId('evaluation-reasons')).toBeVisible();
    const submit = await page.getByTestId('evaluation-submit').boundingBox();
    expect(submit!.y + submit!.height).toBeLessThanOrEqual(await barTop(page));
    await page.getByTestId('evaluation-submit').click();
    await expect(page.getByTestId('evaluation-error')).toBeVisible();
    const error = await page.getByTestId('evaluation-error').boundingBox();
    expect(error!.y + error!.height).toBeLessThanOrEqual(await barTop(page));
    await checkScreen(page, `rating with reasons (${mode})`, { elder });
    await page.getByTestId('nav-home').click();
  });

  test(`with the printer out of paper every printing journey says why and offers the result as a QR code (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    stack.idCard.presentCard(card);
    await startSession(page, stack, { locale, elder });
    stack.printer.setCondition({ paperOut: true });
    try {
      // The personal credit report: its verify page on the phone.
      await openService(page, 'credit-query');
      await expect(page.getByTestId('credit-result')).toBeVisible();
      await expect(page.getByTestId('print-button')).toBeDisabled();
      await expect(page.getByTestId('print-status')).toHaveAttribute('data-status', 'blocked');
      await expect(page.getByTestId('print-status')).toContainText(say.paperOut);
      const qr = page.getByTestId('print-phone-qr');
      await expect(qr).toHaveAttribute('data-ready', 'true');
      const url = (await qr.getAttribute('data-value')) ?? '';
      expect(url).toMatch(/^https?:\/\//);
      expect(url).not.toContain(card.idNumber);
      await checkScreen(page, `credit report, printer out of paper (${mode})`, { elder });

      // The enterprise report: its verify page too (no card on the reader: the code entry is offered).
      await page.getByTestId('nav-home').click();
      await removeCard(stack);
      await openService(page, 'credit-query');
      await page.getByTestId('enterprise-switch').click();
      await typeOnKeyboard(page, ENTERPRISE);
      await page.getByTestId('query-button').click();
      await expect(page.getByTestId('enterprise-result')).toBeVisible();
      await expect(page.getByTestId('print-button')).toBeDisabled();
      await expect(page.getByTestId('print-phone-qr')).toHaveAttribute('data-ready', 'true');
      expect(await page.getByTestId('print-phone-qr').getAttribute('data-value')).toMatch(/^https?:\/\//);

      // A guide: print disabled beside the guide's own QR code.
      await page.getByTestId('nav-home').click();
      await openService(page, 'service-guide');
      await page.getByTestId('theme-credit').click();
      await page.getByTestId('guide-credit-report').click();
      await expect(page.getByTestId('print-button')).toBeDisabled();
      await expect(page.getByTestId('print-status')).toContainText(say.paperOut);
      await expect(page.getByTestId('guide-qr')).toHaveAttribute('data-ready', 'true');
      await checkScreen(page, `guide, printer out of paper (${mode})`, { elder });
    } finally {
      stack.printer.setCondition({ paperOut: false, coverOpen: false, paperNearEnd: false });
    }
    await expect(page.getByTestId('print-button')).toBeEnabled();
    await page.getByTestId('nav-home').click();
  });

  test(`the take-your-card reminder is spoken from the voice pack, and repeated (${mode})`, async ({ page, stack }) => {
    await removeCard(stack);
    await recordPrompts(page);
    await startSession(page, stack, { locale, elder });
    stack.idCard.presentCard(card);
    await openService(page, 'credit-commitment');
    await expect(page.getByTestId('commitment-list')).toBeVisible();
    await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present') ?? false).toBe(true);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('exit-button').click();
    await expect(page.getByTestId('take-items')).toHaveAttribute('data-left', 'card');
    const reminders = async () => (await playedPrompts(page)).filter((p) => p.key === 'takeItems.card');
    // In the citizen's language (the attract screen has gone back to the terminal's), from the pack.
    await expect.poll(async () => (await reminders()).length).toBeGreaterThanOrEqual(1);
    expect((await reminders())[0]?.src).toMatch(new RegExp(`^voice/${locale}/(slow/)?takeItems\\.card\\.ogg$`));
    await expect.poll(async () => (await reminders()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await removeCard(stack);
    await expect(page.getByTestId('take-items')).toHaveCount(0);
  });
}

test('pinyin initials: "zg" offers 中国 and "bj" 北京, and a pick takes all the letters', async ({ page, stack }) => {
  await removeCard(stack);
  stack.idCard.presentCard(card);
  await startSession(page, stack);
  await openService(page, 'form-filling');
  await page.getByTestId('form-residence-permit').click();
  await page.getByTestId('edit-residenceAddress').click();
  const keyboard = page.getByTestId('field-keyboard');
  await typeOnKeyboard(page, 'bj', 'field-keyboard');
  await expect(keyboard.locator('[data-candidate="北京"]')).toBeVisible();
  await keyboard.locator('[data-candidate="北京"]').click();
  await typeOnKeyboard(page, 'zg', 'field-keyboard');
  await keyboard.locator('[data-candidate="中国"]').click();
  await expect(page.getByTestId('field-keyboard-value')).toHaveText('北京中国');
  // Nothing left composing: each phrase took both its letters.
  await expect(page.getByTestId('field-keyboard-composing')).toHaveCount(0);
  await expectFits(page, 'pinyin initials');
  await page.getByTestId('field-cancel').click();
  await page.getByTestId('nav-home').click();
});
