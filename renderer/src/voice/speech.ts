/**
 * 语音辅助: reads the screen's key text aloud with the Web Speech API. Where the platform has no
 * speech synthesis, or no voice for the citizen's language, `available` is false and the speak
 * button is simply not offered: nothing fails, nothing nags.
 */
import { useCallback, useEffect, useState } from 'react';

export interface VoiceLike {
  lang: string;
  name: string;
  localService?: boolean;
}

/** The best voice for a language: exact tag, then same primary language; local voices first. */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: string): V | undefined {
  const norm = (tag: string): string => tag.replace('_', '-').toLowerCase();
  const wanted = norm(lang);
  const primary = wanted.split('-')[0];
  const ranked = [...voices].sort((a, b) => Number(b.localService ?? false) - Number(a.localService ?? false));
  return ranked.find((v) => norm(v.lang) === wanted) ?? ranked.find((v) => norm(v.lang).split('-')[0] === primary);
}

const synth = (): SpeechSynthesis | null =>
  typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function'
    ? window.speechSynthesis
    : null;

export interface Speech {
  available: boolean;
  speak(text: string): void;
  stop(): void;
}

export function useSpeech(lang: string): Speech {
  const [voice, setVoice] = useState<SpeechSynthesisVoice | undefined>(undefined);

  useEffect(() => {
    const s = synth();
    if (s === null) return undefined;
    // Voices load asynchronously in Chromium: look again when the list changes.
    const update = (): void => setVoice(pickVoice(s.getVoices(), lang));
    update();
    s.addEventListener('voiceschanged', update);
    return () => s.removeEventListener('voiceschanged', update);
  }, [lang]);

  const stop = useCallback(() => synth()?.cancel(), []);

  const speak = useCallback(
    (text: string) => {
      const s = synth();
      if (s === null || voice === undefined || text.trim() === '') return;
      s.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      // A little slower than default: many users of the voice aid are older citizens.
      utterance.rate = 0.9;
      s.speak(utterance);
    },
    [voice],
  );

  return { available: voice !== undefined, speak, stop };
}
