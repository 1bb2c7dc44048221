/**
 * Strings that load after start-up (issue 12): the other language's pack and each service's
 * string file. Their chunks are held back by the test (nothing is timed) to prove that, while
 * they are on their way, the screen shows the current language or the loading screen, never a
 * raw key; and, released, the language or journey appears in full. A watcher in the page records
 * every text or label ever added that is a bare key of the packs.
 */
import { expect, type Page, type Route } from '@playwright/test';
import { fullPack, type StringTree } from '../support/locale-strings.ts';
import { sharedDemoTest } from './demo-fixture.ts';
import { openService, removeCard, startSession, type Locale } from './kiosk-helpers.ts';
import { sampleCards } from '../../native/simulators/sample-cards.ts';

const test = sharedDemoTest();

const packs = { 'zh-CN': fullPack('zh-CN'), 'en-US': fullPack('en-US') };
const text = (locale: Locale, key: string): string => {
  const value = key.split('.').reduce<StringTree | string | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), packs[locale]);
  if (typeof value !== 'string') throw new Error(`no string ${key} in ${locale}`);
  return value;
};

/** Records bare keys ('guide.title') shown as text or as a label, from the first frame on. */
const WATCH_RAW_KEYS = (topKeys: string[]) => `
  const rawKey = new RegExp('^(${topKeys.join('|')})(\\\\.[A-Za-z0-9_-]+)+$');
  const seen = [];
  window.__rawKeys = seen;
  const check = (value) => { const v = (value || '').trim(); if (rawKey.test(v) && !seen.includes(v)) seen.push(v); };
  const scan = (node) => {
    if (node.nodeType === 3) return check(node.textContent);
    if (node.nodeType !== 1) return;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) check(node.getAttribute(name));
    for (const child of node.childNodes) scan(child);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') check(r.target.textContent);
      else if (r.type === 'attributes') check(r.target.getAttribute(r.attributeName));
      else r.addedNodes.forEach(scan);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'placeholder', 'title', 'alt'] });
`;

const rawKeys = (page: Page) => page.evaluate(() => (window as unknown as { __rawKeys: string[] }).__rawKeys);

/** Holds every string chunk matching `pattern` until release(). */
async function holdChunks(page: Page, pattern: RegExp): Promise<{ held: () => number; release: () => Promise<void> }> {
  const routes: Route[] = [];
  let holding = true;
  await page.route(pattern, (route) => (holding ? void routes.push(route) : route.continue()));
  return {
    held: () => routes.length,
    release: async () => {
      holding = false;
      await Promise.all(routes.splice(0).map((route) => route.continue()));
    },
  };
}

const EN_CHUNK = /\/assets\/en-US-[^/]+\.js$/;
const STRING_CHUNK = /\/assets\/(zh-CN|en-US)-[^/]+\.js$/;

test.beforeEach(async ({ page }) => {
  await page.addInitScript(WATCH_RAW_KEYS(Object.keys(packs['zh-CN']).filter((k) => k !== '_meta')));
});

test('the language switch right after start: Chinese until English is in, then English, no raw key either way', async ({ page, stack }) => {
  const english = await holdChunks(page, EN_CHUNK);
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await expect(page.getByTestId('home')).toBeVisible();
  await page.getByTestId('lang-switch').click();
  // The pack is held: the screen stays in Chinese (it does not go blank or keyed).
  await expect.poll(english.held).toBeGreaterThan(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('home')).toContainText(text('zh-CN', 'service.creditQuery'));

  await english.release();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('home')).toContainText(text('en-US', 'service.creditQuery'));
  await expect(page.getByTestId('lang-switch')).toContainText(text('zh-CN', '_meta.name'));

  // And back: loaded languages switch at once.
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('home')).toContainText(text('zh-CN', 'service.creditQuery'));
  expect(await rawKeys(page)).toEqual([]);
});

test('the language switch answers at once when tapped as soon as the home screen shows (prefetched after the first paint)', async ({ page, stack }) => {
  await page.goto(stack.launchUrl);
  await page.getByTestId('attract').click();
  await expect(page.getByTestId('home')).toBeVisible();
  // Time from the tap to the page's language changing, on the page's own clock.
  const switchMs = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        const html = document.documentElement;
        const start = performance.now();
        new MutationObserver(() => html.lang === 'en-US' && done(performance.now() - start)).observe(html, { attributes: true, attributeFilter: ['lang'] });
        (document.querySelector('[data-testid="lang-switch"]') as HTMLButtonElement).click();
      }),
  );
  console.log(`language switch tap → English: ${switchMs.toFixed(1)} ms`);
  await expect(page.getByTestId('home')).toContainText(text('en-US', 'service.creditQuery'));
  // Not the loading path: the pack was already in.
  expect(switchMs).toBeLessThan(100);
  expect(await rawKeys(page)).toEqual([]);
  // The watcher is not blind: a bare key put on screen is caught.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { textContent: 'guide.title' })));
  await expect.poll(() => rawKeys(page)).toEqual(['guide.title']);
});

for (const locale of ['zh-CN', 'en-US'] as const) {
  test(`a journey waits on the loading screen for its strings, then shows them, no raw key (${locale})`, async ({ page, stack }) => {
    await removeCard(stack);
    await startSession(page, stack, { locale });
    const strings = await holdChunks(page, STRING_CHUNK);
    await openService(page, 'service-guide');
    await expect.poll(strings.held).toBeGreaterThan(0);
    await expect(page.getByTestId('loading-service')).toBeVisible();
    await expect(page.getByTestId('guide-themes')).toHaveCount(0);
    await strings.release();
    await expect(page.getByTestId('guide-themes')).toBeVisible();
    await expect(page.locator('#guide-themes-title')).toHaveText(text(locale, 'guide.title'));
    expect(await rawKeys(page)).toEqual([]);
  });

  test(`a journey brings every language's strings (its own and the person check's): the switch inside it answers at once (${locale})`, async ({ page, stack }) => {
    await startSession(page, stack, { locale });
    stack.idCard.presentCard(sampleCards.resident);
    const strings = await holdChunks(page, STRING_CHUNK);
    await openService(page, 'hk-macau-endorsement');
    await expect.poll(strings.held).toBeGreaterThan(0);
    await expect(page.getByTestId('loading-service')).toBeVisible();
    await strings.release();
    const permit = page.getByTestId('endorsement-permit');
    await expect(permit).toBeVisible();
    await expect(page.locator('#endorsement-permit-title')).toHaveText(text(locale, 'endorsement.permitInstruction'));
    // Every language's file came with the chunk: switching now shows the other at once.
    const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('#endorsement-permit-title')).toHaveText(text(other, 'endorsement.permitInstruction'));
    expect(await rawKeys(page)).toEqual([]);
  });
}
