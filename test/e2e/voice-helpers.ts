/**
 * Spoken prompts as the page plays them: every `play` event of an <audio> element, with the prompt
 * key, the source and the playback settings, and whether the audio then really started (`playing`).
 */
import type { Page } from '@playwright/test';

export interface PlayedPrompt {
  key: string;
  src: string;
  rate: number;
  volume: number;
  at: number;
  playing: boolean;
  /** When it played to its end (performance.now()); absent while playing or when it was cut off. */
  endedAt?: number;
}

type PromptWindow = Window & { playedPrompts?: PlayedPrompt[] };

/** Call before the page loads. */
export async function recordPrompts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const played: PlayedPrompt[] = [];
    (window as PromptWindow).playedPrompts = played;
    // Media events do not bubble: listen in the capture phase.
    document.addEventListener(
      'play',
      (event) => {
        const audio = event.target;
        if (!(audio instanceof HTMLAudioElement)) return;
        played.push({ key: audio.dataset['promptKey'] ?? '', src: audio.getAttribute('src') ?? '', rate: audio.playbackRate, volume: audio.volume, at: performance.now(), playing: false });
      },
      true,
    );
    document.addEventListener(
      'playing',
      (event) => {
        const last = played.at(-1);
        if (event.target instanceof HTMLAudioElement && last) last.playing = true;
      },
      true,
    );
    document.addEventListener(
      'ended',
      (event) => {
        const last = played.at(-1);
        if (event.target instanceof HTMLAudioElement && last) last.endedAt = performance.now();
      },
      true,
    );
  });
}

export function playedPrompts(page: Page): Promise<PlayedPrompt[]> {
  return page.evaluate(() => [...((window as PromptWindow).playedPrompts ?? [])]);
}

export async function playedKeys(page: Page): Promise<string[]> {
  return (await playedPrompts(page)).map((p) => p.key);
}
