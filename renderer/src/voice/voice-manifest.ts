/**
 * The voice packs' manifest (dist/renderer/voice/manifest.json), written by
 * electron/tools/build-voice-packs.ts and read by the prompt player. DOM-free, dependency-free.
 */
export interface VoicePrompt {
  /** Path under voice/, e.g. 'zh-CN/screen.home.ogg'. */
  normal: string;
  /** Elder mode's slower version (may be the normal file, then slowRate < 1). */
  slow: string;
  /** playbackRate for `slow`: 1 for a rendered slow file, below 1 when a recording is slowed down. */
  slowRate: number;
  source: 'espeak-ng' | 'recorded';
}

export interface VoiceManifest {
  format: 1;
  locales: Record<string, { prompts: Record<string, VoicePrompt> }>;
}

const SAFE_PATH = /^[A-Za-z0-9-]+(\/slow)?\/[A-Za-z0-9.-]+\.(ogg|mp3|wav)$/;

/** Checks a fetched manifest; a broken one is refused as a whole (the caller reports it). */
export function parseVoiceManifest(json: unknown): VoiceManifest {
  const fail = (why: string): never => {
    throw new Error(`voice manifest: ${why}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not an object');
  const { format, locales } = json as { format?: unknown; locales?: unknown };
  if (format !== 1) return fail(`unknown format ${String(format)}`);
  if (typeof locales !== 'object' || locales === null) return fail('no locales');
  for (const [tag, pack] of Object.entries(locales as Record<string, unknown>)) {
    const prompts = (pack as { prompts?: unknown } | null)?.prompts;
    if (typeof prompts !== 'object' || prompts === null) return fail(`${tag} has no prompts`);
    for (const [key, entry] of Object.entries(prompts as Record<string, unknown>)) {
      const e = entry as Partial<VoicePrompt> | null;
      // Paths come from the build, but a file that could point outside voice/ is refused anyway.
      if (typeof e?.normal !== 'string' || !SAFE_PATH.test(e.normal)) return fail(`${tag} ${key}: bad file`);
      if (typeof e.slow !== 'string' || !SAFE_PATH.test(e.slow)) return fail(`${tag} ${key}: bad slow file`);
      if (typeof e.slowRate !== 'number' || !(e.slowRate > 0 && e.slowRate <= 1)) return fail(`${tag} ${key}: bad slowRate`);
    }
  }
  return json as VoiceManifest;
}

/** The file and playback rate for a prompt, or null when the pack has none for it. */
export function promptSource(manifest: VoiceManifest, locale: string, key: string, slow: boolean): { src: string; rate: number } | null {
  const entry = manifest.locales[locale]?.prompts[key];
  if (entry === undefined) return null;
  return slow ? { src: `voice/${entry.slow}`, rate: entry.slowRate } : { src: `voice/${entry.normal}`, rate: 1 };
}
