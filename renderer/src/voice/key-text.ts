/**
 * The screen's key text, in reading order: headings, status and alert messages, and anything a
 * screen marks with `data-speak`. Personal data is marked `data-private` and never read aloud: a
 * 24-hour hall is a public room.
 */
const KEY_SELECTOR = 'h1, h2, [data-speak], [role="status"], [role="alert"], [role="alertdialog"] p';

export function collectKeyText(root: ParentNode): string {
  const parts: string[] = [];
  const taken: Element[] = [];
  for (const element of root.querySelectorAll(KEY_SELECTOR)) {
    if (element.closest('[data-private], [aria-hidden="true"]') !== null) continue;
    if (taken.some((outer) => outer.contains(element))) continue;
    const text = visibleText(element);
    if (text === '') continue;
    taken.push(element);
    if (!parts.includes(text)) parts.push(text);
  }
  return parts.join('。 ');
}

/** Text of an element without its private or hidden descendants. */
function visibleText(element: Element): string {
  const clone = element.cloneNode(true) as Element;
  for (const hidden of clone.querySelectorAll('[data-private], [aria-hidden="true"]')) hidden.remove();
  return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
}
