/**
 * Keyboard-wedge scanners "type" a code and press Enter, much faster than a person. A kiosk has
 * no physical keyboard, so a burst of keys ending in Enter is a scan. Keys further apart than
 * `gapMs` start a new burst (a stray key press is dropped rather than glued to a code).
 */
export interface WedgeBuffer {
  /** A key press; returns the code when it completes one. */
  key(key: string, at: number): string | null;
}

export function createWedgeBuffer(options: { gapMs?: number; minLength?: number; maxLength?: number } = {}): WedgeBuffer {
  const gapMs = options.gapMs ?? 120;
  const minLength = options.minLength ?? 4;
  const maxLength = options.maxLength ?? 1024;
  let buffer = '';
  let last = Number.NEGATIVE_INFINITY;
  return {
    key(key, at) {
      if (at - last > gapMs) buffer = '';
      last = at;
      if (key === 'Enter') {
        const code = buffer;
        buffer = '';
        return code.length >= minLength ? code : null;
      }
      if ([...key].length === 1 && buffer.length < maxLength) buffer += key;
      return null;
    },
  };
}
