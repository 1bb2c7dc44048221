/**
 * Instant press feedback. On touch screens Chromium shows :active only once its gesture
 * recogniser has ruled out a scroll, which can take a noticeable moment on a slow kiosk CPU. A
 * pressed control is marked at pointerdown instead (data-pressed, styled like :active), so the
 * citizen sees the touch register in the very next frame, before the app's own answer.
 */
const PRESSABLE = 'button:not(:disabled), [role="button"], [role="checkbox"]';

export function installPressFeedback(doc: Document): void {
  let pressed: Element | null = null;
  const release = (): void => {
    pressed?.removeAttribute('data-pressed');
    pressed = null;
  };
  doc.addEventListener(
    'pointerdown',
    (event) => {
      release();
      const target = event.target instanceof Element ? event.target.closest(PRESSABLE) : null;
      if (target === null) return;
      pressed = target;
      target.setAttribute('data-pressed', '');
    },
    { capture: true, passive: true },
  );
  for (const type of ['pointerup', 'pointercancel'] as const) {
    doc.addEventListener(type, release, { capture: true, passive: true });
  }
}
