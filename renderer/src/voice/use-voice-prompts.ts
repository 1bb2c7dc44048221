/**
 * Spoken prompts: when the screen's prompt changes (not on every render), its audio plays through
 * the one <audio> element the App renders. The pack and its player are a lazy chunk, fetched after
 * the first screen; where there is no pack (a dev server, a failed build) nothing is spoken and
 * nothing else changes.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { VoicePack } from './voice-pack.ts';
import { resolvePrompt } from './prompt-keys.ts';
import { screenPromptWaits } from './prompt-priority.ts';

export interface VoicePromptsOptions {
  candidates: readonly string[];
  locale: string;
  /** Elder mode: the slower pack. */
  slow: boolean;
  volume: number;
  muted: boolean;
}

export interface VoicePrompts {
  audioRef: React.RefObject<HTMLAudioElement | null>;
  /** The current screen has a prompt in the pack. */
  available: boolean;
  /** Plays the current screen's prompt again (the 朗读 button without an OS voice). */
  replay(): void;
  /** Cuts off the prompt (another voice is about to speak). */
  stop(): void;
  /**
   * Plays one prompt outside the screen's own (the take-your-card reminder), in the language and
   * pace given (the citizen who walked away, not the screen's). False when the pack is not loaded or lacks it.
   */
  say(key: string, locale: string, slow: boolean): boolean;
}

export function useVoicePrompts(options: VoicePromptsOptions): VoicePrompts {
  const { candidates, locale, slow, volume, muted } = options;
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [pack, setPack] = useState<VoicePack | null>(null);

  useEffect(() => {
    let live = true;
    import('./voice-pack.ts')
      .then(({ loadVoicePack }) => loadVoicePack())
      .then(
        (loaded) => live && setPack(loaded),
        (error: unknown) => console.warn(`spoken prompts unavailable: ${(error as Error).message}`),
      );
    return () => {
      live = false;
    };
  }, []);

  const key = pack === null ? null : resolvePrompt(candidates, (k) => pack.has(locale, k));
  const settings = useRef({ locale, slow, volume, muted });
  settings.current = { locale, slow, volume, muted };

  // A reminder being said (say()), a screen prompt waiting for its end (prompt-priority.ts), and
  // the screen prompt already said again after one: a reminder that repeats every few seconds
  // must not turn the welcome into a loop between its repeats.
  const reminder = useRef(false);
  const waiting = useRef<string | null>(null);
  const saidAfterReminder = useRef<string | null>(null);
  const currentKey = useRef(key);
  if (currentKey.current !== key) saidAfterReminder.current = null;
  currentKey.current = key;

  const play = useCallback(() => {
    const audio = audioRef.current;
    if (pack === null || key === null || audio === null || settings.current.muted) return;
    if (screenPromptWaits(key, reminder.current && !audio.paused && !audio.ended)) {
      waiting.current = key;
      return;
    }
    reminder.current = false;
    waiting.current = null;
    pack.play(audio, key, settings.current);
  }, [pack, key]);

  // The end of a reminder: the screen prompt that waited for it is said now, if its screen is still up.
  useEffect(() => {
    const audio = audioRef.current;
    if (audio === null || pack === null) return undefined;
    const finished = (): void => {
      if (!reminder.current) return;
      reminder.current = false;
      const due = waiting.current;
      waiting.current = null;
      if (due !== null && due === currentKey.current && !settings.current.muted) {
        saidAfterReminder.current = due;
        pack.play(audio, due, settings.current);
      }
    };
    audio.addEventListener('ended', finished);
    audio.addEventListener('error', finished);
    return () => {
      audio.removeEventListener('ended', finished);
      audio.removeEventListener('error', finished);
    };
  }, [pack]);

  // A layout effect, before the new screen is painted: the prompt is due within 150 ms of the screen
  // change, and a busy main thread would push a passive effect back. A service's placeholder screen
  // has no key (prompt-keys.ts), so nothing transient speaks.
  useLayoutEffect(() => {
    if (key === null) audioRef.current?.pause();
    else play();
  }, [key, locale, play]);

  // Volume and mute apply to a prompt already playing.
  useEffect(() => {
    const audio = audioRef.current;
    if (audio === null) return;
    audio.volume = volume;
    if (muted) audio.pause();
  }, [volume, muted]);

  const stop = useCallback(() => {
    reminder.current = false;
    waiting.current = null;
    audioRef.current?.pause();
  }, []);
  const say = useCallback(
    (promptKey: string, promptLocale: string, promptSlow: boolean): boolean => {
      const audio = audioRef.current;
      const { volume, muted: off } = settings.current;
      if (pack === null || audio === null || off || !pack.has(promptLocale, promptKey)) return false;
      // A reminder cuts whatever screen prompt is playing; a welcome it cuts is said after it (once).
      const screenKey = currentKey.current;
      const cutting = !reminder.current && !audio.paused && !audio.ended && audio.dataset['promptKey'] === screenKey;
      if (cutting && screenKey !== null && saidAfterReminder.current !== screenKey && screenPromptWaits(screenKey, true)) waiting.current = screenKey;
      const started = pack.play(audio, promptKey, { locale: promptLocale, slow: promptSlow, volume });
      reminder.current = started;
      return started;
    },
    [pack],
  );
  return { audioRef, available: key !== null, replay: play, stop, say };
}
