/**
 * The spoken prompts' texts (resources/locales/prompts): every screen and step of every service has
 * one in each shipped language, and none can carry personal data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectPrompts } from '../../../../electron/tools/build-voice-packs.ts';
import { promptCandidates, resolvePrompt, TIMEOUT_PROMPT } from '../../../../renderer/src/voice/prompt-keys.ts';

const promptsDir = new URL('../../../../resources/locales/prompts/', import.meta.url);
const servicesDir = new URL('../../../../renderer/src/services/', import.meta.url);
const packs = new Map(
  readdirSync(promptsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const tag = name.slice(0, -'.json'.length);
      return [tag, collectPrompts(JSON.parse(readFileSync(new URL(name, promptsDir), 'utf8')), tag)] as const;
    }),
);

/**
 * Every screen id a service journey can report: the prefix of its useServiceScreen template (or
 * usePersonCheckScreen's, which hands it on to useServiceScreen outside the face check) and
 * every phase its state machine names. Read from the sources so a new phase fails here until it
 * has words.
 */
function serviceScreens(): string[] {
  const screens = new Set<string>(['place-card', 'error']);
  for (const folder of readdirSync(servicesDir, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'shared') continue;
    const dir = new URL(`${folder.name}/`, servicesDir);
    const sources = readdirSync(dir)
      .filter((name) => /\.tsx?$/.test(name))
      .map((name) => readFileSync(new URL(name, dir), 'utf8'))
      .join('\n');
    const prefix = /(?:useServiceScreen|usePersonCheckScreen)\([^`]*`([a-z]+)-\$\{state\.phase\}`/.exec(sources)?.[1];
    expect(prefix, `${folder.name} reports its screens with useServiceScreen(\`<prefix>-\${state.phase}\`) or usePersonCheckScreen`).toBeDefined();
    for (const match of sources.matchAll(/phase: '([A-Za-z-]+)'/g)) screens.add(`${prefix}-${match[1]}`);
  }
  return [...screens];
}

describe('spoken prompt texts', () => {
  it('ships zh-CN and en-US with exactly the same keys', () => {
    expect([...packs.keys()].sort()).toEqual(['en-US', 'zh-CN']);
    expect([...packs.get('en-US')!.keys()].sort()).toEqual([...packs.get('zh-CN')!.keys()].sort());
  });

  it('has a prompt for every journey screen, every service screen and step, and the timeout warning', () => {
    const views = [
      ...['attract', 'starting', 'home', 'ending', 'done', 'error'].map((screen) => ({ screen, warning: false })),
      ...serviceScreens().map((serviceScreen) => ({ screen: 'service', serviceScreen, warning: false })),
      { screen: 'service', serviceScreen: 'traffic-card', warning: true },
    ];
    expect(views.length).toBeGreaterThan(40);
    for (const [tag, prompts] of packs) {
      const missing = views.filter((view) => resolvePrompt(promptCandidates(view), (key) => prompts.has(key)) === null);
      expect(missing, tag).toEqual([]);
    }
  });

  it('never speaks personal data: no placeholders, no numbers, nothing but fixed sentences', () => {
    for (const [tag, prompts] of packs) {
      for (const [key, text] of prompts) {
        // A placeholder is where a name, ID or phone number would be filled in at run time.
        expect(text, `${tag} ${key}`).not.toMatch(/\{\{|\}\}|\$\{|%s|%d|<[a-z]/i);
        // No digits either: a number in a prompt is a sample someone's data was pasted from.
        expect(text, `${tag} ${key}`).not.toMatch(/[0-9０-９]/);
        expect(text.length, `${tag} ${key}`).toBeLessThanOrEqual(120);
      }
    }
  });

  it("chooses the screen's own words, then the words of its kind of step, and the warning over both", () => {
    expect(promptCandidates({ screen: 'home', warning: false })).toEqual(['screen.home']);
    expect(promptCandidates({ screen: 'service', serviceScreen: 'traffic-plate', warning: false })).toEqual(['screen.traffic-plate', 'step.plate']);
    expect(promptCandidates({ screen: 'service', serviceScreen: 'traffic-querying', warning: true })).toEqual([TIMEOUT_PROMPT]);
    // Before a journey reports its first screen there is nothing to say (no stray prompt).
    expect(promptCandidates({ screen: 'service', serviceScreen: 'start', warning: false })).toEqual([]);
    expect(promptCandidates({ screen: 'service', warning: false })).toEqual([]);
    const zh = packs.get('zh-CN')!;
    expect(resolvePrompt(promptCandidates({ screen: 'service', serviceScreen: 'traffic-querying', warning: false }), (k) => zh.has(k))).toBe('step.querying');
    expect(resolvePrompt(['screen.nowhere', 'step.nowhere'], (k) => zh.has(k))).toBeNull();
  });
});
