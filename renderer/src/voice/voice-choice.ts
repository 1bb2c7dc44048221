/** Choosing a speech voice for a language (DOM-free, so it is testable in Node). */
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
