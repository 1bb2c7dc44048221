/**
 * 语音辅助: reads the screen's key text aloud with the Web Speech API. Where the platform has no
 * speech synthesis, or no voice for the citizen's language, `available` is false and the speak
 * button is simply not offered: nothing fails, nothing nags.
 */
import { useCallback, useEffect, useState } from 'react';
import { pickVoice } from './voice-choice.ts';

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
