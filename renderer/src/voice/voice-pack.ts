/**
 * The audio side of spoken prompts, loaded on demand (its own chunk): fetches the voice packs'
 * manifest once and plays prompts through the one <audio> element the App renders.
 */
import { parseVoiceManifest, promptSource, type VoiceManifest } from './voice-manifest.ts';

export interface PlayOptions {
  locale: string;
  slow: boolean;
  volume: number;
}

export interface VoicePack {
  has(locale: string, key: string): boolean;
  /** Plays the prompt from its start, cutting off whatever was playing. False when the pack lacks it. */
  play(audio: HTMLAudioElement, key: string, options: PlayOptions): boolean;
}

export async function loadVoicePack(manifestUrl = 'voice/manifest.json'): Promise<VoicePack> {
  const response = await fetch(manifestUrl, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`voice manifest: HTTP ${response.status}`);
  const manifest: VoiceManifest = parseVoiceManifest(await response.json());
  return {
    has: (locale, key) => manifest.locales[locale]?.prompts[key] !== undefined,
    play(audio, key, { locale, slow, volume }) {
      const source = promptSource(manifest, locale, key, slow);
      if (source === null) return false;
      audio.pause();
      audio.src = source.src;
      audio.dataset['promptKey'] = key;
      audio.volume = volume;
      // preservesPitch (Chromium default): a slowed recording stays the same voice, only slower.
      audio.playbackRate = source.rate;
      audio.defaultPlaybackRate = source.rate;
      // A refused autoplay or a cut-off prompt (the next screen came) is not an error for the citizen.
      audio.play().catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') console.warn(`voice prompt ${key} did not play: ${(error as Error).name}`);
      });
      return true;
    },
  };
}
