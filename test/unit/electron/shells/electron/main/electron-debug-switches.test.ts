import { describe, expect, it } from 'vitest';
import { DEBUG_SWITCHES, refusedDebugSwitch } from '../../../../../../electron/shells/electron/main/debug-switches.ts';

describe('debugging switches', () => {
  it.each(DEBUG_SWITCHES)('a packaged app refuses to start with --%s', (name) => {
    expect(refusedDebugSwitch((candidate) => candidate === name, true)).toBe(name);
  });

  it('a packaged app with no debugging switch starts', () => {
    expect(refusedDebugSwitch((candidate) => candidate === 'autoplay-policy', true)).toBeNull();
  });

  it('a development build may debug', () => {
    expect(refusedDebugSwitch(() => true, false)).toBeNull();
  });
});
