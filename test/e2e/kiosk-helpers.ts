/**
 * What every service journey test needs: opening a session in a language and display mode,
 * and the checks the issue asks of every screen: axe (no serious or critical violation), elder
 * mode sizes, touch-target sizes, the layout fitting the screen, and nothing personal left once
 * a journey is over.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { DemoStack } from '../../electron/shells/browser/demo/demo-stack.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';

export type Locale = 'zh-CN' | 'en-US';

export interface SessionOptions {
  locale?: Locale;
  elder?: boolean;
  scheme?: 'standard' | 'contrast' | 'dark';
  /** Install Playwright's clock first, to fast-forward the inactivity timer later. */
  clock?: boolean;
}

/** Opens the kiosk, touches to start and sets the citizen's preferences on the home screen. */
export async function startSession(page: Page, stack: DemoStack, options: SessionOptions = {}): Promise<void> {
  if (options.clock) await page.clock.install();
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await expect(page.getByTestId('home')).toBeVisible();
  if (options.locale === 'en-US') {
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  }
  if (options.elder) {
    await page.getByTestId('elder-toggle').click();
    await expect(page.locator('html')).toHaveClass(/elder/);
  }
  for (let i = 0; i < 3 && options.scheme && (await page.locator('html').getAttribute('data-scheme')) !== options.scheme; i += 1) {
    await page.getByTestId('scheme-toggle').click();
  }
}

export async function openService(page: Page, serviceId: string): Promise<void> {
  const tile = page.getByTestId(`tile-${serviceId}`);
  await expect(tile).toBeEnabled();
  await tile.click();
}

/**
 * Moves the page's clock past the inactivity period once the idle timer is watching (not paused on
 * a step the citizen waits for), so a resume that lands after the jump cannot swallow it.
 */
export async function idleFor(page: Page, ms: number): Promise<void> {
  await expect(page.locator('.app')).toHaveAttribute('data-idle', 'watching');
  await page.clock.fastForward(ms);
}

/**
 * axe-core on the current screen: no serious or critical violation.
 * 'meta-viewport' is disabled on purpose: a kiosk page must set user-scalable=no (pinch zoom on a
 * public terminal strands the next citizen on a zoomed page); elder mode is our zoom instead.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).disableRules(['meta-viewport']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(bad, `axe on ${screen}`).toEqual([]);
}

/** Elder mode (长者模式): body text >= 30px, line height >= 1.3, every control >= 60x60 CSS px. */
export async function expectElderSizes(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element): boolean => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && el.closest('.sr-only') === null;
    };
    const describe = (el: Element): string => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('svg, [aria-hidden="true"]') !== null) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!ownText) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const line = style.lineHeight === 'normal' ? size * 1.2 : parseFloat(style.lineHeight);
      if (size < 30) out.push(`font ${size}px: ${describe(el)}`);
      if (line / size < 1.29) out.push(`line-height ${(line / size).toFixed(2)}: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('button, [role="button"], a[href]')) {
      if (!visible(el)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 60 || rect.height < 60) out.push(`target ${Math.round(rect.width)}x${Math.round(rect.height)}: ${describe(el)}`);
    }
    return out;
  });
  expect(problems, `elder sizes on ${screen}`).toEqual([]);
}

/** Outside elder mode every control is still at least 44x44 CSS px. */
export async function expectTargets(page: Page, screen: string, min = 44): Promise<void> {
  const small = await page.evaluate((minimum) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('button, [role="button"], a[href]')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || el.closest('.sr-only') !== null) continue;
      if (rect.width < minimum || rect.height < minimum) out.push(`${Math.round(rect.width)}x${Math.round(rect.height)} ${(el.textContent ?? '').trim().slice(0, 20)}`);
    }
    return out;
  }, min);
  expect(small, `touch targets on ${screen}`).toEqual([]);
}

/** Nothing sticks out sideways: the screen fits the kiosk's width (it may scroll vertically). */
export async function expectFits(page: Page, screen: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('button, h1, p, dd, .panel')) {
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && (rect.right > width + 1 || rect.left < -1)) out.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 16)}" spans ${Math.round(rect.left)}..${Math.round(rect.right)}`);
    }
    return out.slice(0, 5);
  });
  expect(overflow, `layout of ${screen}`).toEqual([]);
}

/** Every check a screen gets; elder checks only when elder mode is on. */
export async function checkScreen(page: Page, screen: string, options: { elder?: boolean } = {}): Promise<void> {
  await expectAccessible(page, screen);
  await expectFits(page, screen);
  if (options.elder) await expectElderSizes(page, screen);
  else await expectTargets(page, screen);
}

/**
 * Personal data left in the page: any of `data` in the DOM (including attributes), in local or
 * session storage, or any IndexedDB database at all (the renderer never creates one).
 */
export async function personalDataLeft(page: Page, data: readonly string[]): Promise<string[]> {
  return page.evaluate(async (needles) => {
    const found: string[] = [];
    const html = document.documentElement.outerHTML;
    for (const needle of needles) if (html.includes(needle)) found.push(`DOM: ${needle}`);
    for (const [label, store] of [['localStorage', window.localStorage], ['sessionStorage', window.sessionStorage]] as const) {
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i) ?? '';
        const value = store.getItem(key) ?? '';
        if (needles.some((n) => key.includes(n) || value.includes(n))) found.push(`${label}: ${key}`);
      }
    }
    const dbs = (await indexedDB.databases?.()) ?? [];
    if (dbs.length > 0) found.push(`indexedDB: ${dbs.map((d) => d.name).join(',')}`);
    return found;
  }, data);
}

/** Finishes the journey and waits for the wipe: done screen, then back to attract, no session. */
export async function finishAndCheckWiped(page: Page, stack: DemoStack, data: readonly string[]): Promise<void> {
  await page.getByTestId('finish-button').click();
  await expect(page.getByTestId('done')).toBeVisible();
  await expect.poll(() => stack.core.sessions.current()).toBeUndefined();
  expect(await personalDataLeft(page, data)).toEqual([]);
  await page.getByTestId('done-button').click();
  await expect(page.getByTestId('attract')).toBeVisible();
  expect(await personalDataLeft(page, data)).toEqual([]);
}

/** Takes the card off the simulated reader and waits until the core no longer reports it present. */
export async function removeCard(stack: DemoStack): Promise<void> {
  stack.idCard.removeCard();
  await expect.poll(() => stack.core.devices.status('idCard')?.flags.includes('card-present') ?? false).toBe(false);
}

/** Draws a signature-like scribble across an element with the mouse (pointer events). */
export async function scribble(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not visible`);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.15, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) {
    await page.mouse.move(box.x + box.width * (0.15 + i * 0.05), y + (i % 2 === 0 ? -30 : 30), { steps: 2 });
  }
  await page.mouse.up();
}

/** Types on the on-screen keyboard, key by key (letters go to pinyin composition in pinyin mode). */
export async function typeOnKeyboard(page: Page, text: string, keyboardTestId = 'keyboard'): Promise<void> {
  const keyboard = page.getByTestId(keyboardTestId);
  for (const char of text) await keyboard.locator(`[data-key="${char}"]`).click();
}

/**
 * 一表通用 after a verified business e-licence: the business-change form takes the business from
 * the licence and the operator from the ID card; leaving it leaves neither on screen.
 */
export async function expectLicenceFillsForm(page: Page, stack: DemoStack, operatorName: string): Promise<void> {
  await page.getByTestId('use-for-form').click();
  await expect(page.getByTestId('form-list')).toBeVisible();
  stack.idCard.presentCard(sampleCards.resident);
  await page.getByTestId('form-business-change').click();
  await expect(page.getByTestId('form-editor')).toBeVisible();
  await expect(page.getByTestId('edit-creditCode')).toContainText('92530102MA6N2B5H4T');
  await expect(page.getByTestId('edit-entityName')).toContainText('昆明市五华区示例小吃店');
  await expect(page.getByTestId('edit-operatorName')).toContainText(operatorName);
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home')).toBeVisible();
  expect(await page.evaluate(() => document.body.innerText.includes('92530102MA6N2B5H4T'))).toBe(false);
}

/** The shipped sequence (staff.cornerSequence): TL TR TL BR BL, a few px inside each corner. */
export async function tapCornerSequence(page: Page): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 1080, height: 1920 };
  const at = { tl: [4, 4], tr: [width - 4, 4], br: [width - 4, height - 4], bl: [4, height - 4] } as const;
  for (const corner of ['tl', 'tr', 'tl', 'br', 'bl'] as const) {
    const [x, y] = at[corner];
    await page.mouse.click(x, y);
  }
}
