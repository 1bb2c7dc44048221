import { describe, expect, it } from 'vitest';
import { screenPromptWaits } from '../../../../renderer/src/voice/prompt-priority.ts';

describe('which prompt gives way to a reminder', () => {
  it('the welcome and the end-of-session prompts wait while a reminder is said', () => {
    for (const key of ['screen.attract', 'screen.ending', 'screen.done']) expect(screenPromptWaits(key, true), key).toBe(true);
  });

  it('a screen a citizen touched to reach, and the timeout warning, speak at once', () => {
    for (const key of ['screen.home', 'step.placeCard', 'timeout']) expect(screenPromptWaits(key, true), key).toBe(false);
  });

  it('nothing waits when no reminder is being said', () => {
    expect(screenPromptWaits('screen.attract', false)).toBe(false);
  });
});
