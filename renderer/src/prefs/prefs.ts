/**
 * A citizen's display preferences (长者模式, 自主配色). They belong to one citizen: the App resets
 * them when the terminal returns to the attract screen. Applied as a class and a data attribute
 * on <html>, so the stylesheet only swaps custom properties.
 */
export const SCHEMES = ['standard', 'contrast', 'dark'] as const;
export type Scheme = (typeof SCHEMES)[number];

export interface Prefs {
  elder: boolean;
  scheme: Scheme;
}

export const DEFAULT_PREFS: Prefs = { elder: false, scheme: 'standard' };

export const nextScheme = (scheme: Scheme): Scheme => SCHEMES[(SCHEMES.indexOf(scheme) + 1) % SCHEMES.length] ?? 'standard';

/** The part of <html> the preferences touch (DOM-free, so it is testable in Node). */
export interface PrefsRoot {
  classList: { toggle(token: string, force?: boolean): boolean };
  dataset: Record<string, string | undefined>;
  style: { colorScheme: string };
}

export function applyPrefs(root: PrefsRoot, prefs: Prefs): void {
  root.classList.toggle('elder', prefs.elder);
  root.dataset.scheme = prefs.scheme;
  // Native form controls and scrollbars follow the scheme too.
  root.style.colorScheme = prefs.scheme === 'dark' ? 'dark' : 'light';
}
