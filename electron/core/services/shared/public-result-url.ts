/**
 * The public page of a result (a case's progress page, a photo's receipt page) that the upstream
 * names for the citizen's phone, shown as a QR code when the printer cannot print. The upstream
 * guards the page itself; what the terminal checks is what it would put on the screen: an http(s)
 * address of reasonable length with nothing of the person in it (no ID number, no name, no photo:
 * a data: URL or a URL long enough to carry a picture is refused). A refused address costs the
 * QR code only, never the result.
 */
export const MAX_RESULT_URL_CHARS = 512;

export type ResultUrlCheck = { ok: true; url: string } | { ok: false; reason: 'not-http' | 'too-long' | 'personal-data' };

/** `personal`: what must not appear in it (the holder's ID number and name). */
export function checkPublicResultUrl(raw: string, personal: readonly string[]): ResultUrlCheck {
  if (raw.length > MAX_RESULT_URL_CHARS) return { ok: false, reason: 'too-long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not-http' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'not-http' };
  // Compared decoded and case-folded: an ID number's X, or a name percent-encoded, is the same person.
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: compare the raw text.
  }
  const haystack = decoded.toUpperCase();
  for (const value of personal) {
    if (value.trim().length >= 2 && haystack.includes(value.trim().toUpperCase())) return { ok: false, reason: 'personal-data' };
  }
  return { ok: true, url: url.href };
}
