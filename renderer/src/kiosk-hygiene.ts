/**
 * A public terminal must not offer browser affordances: context menus, text selection
 * callouts, drag-out of images, dropping files, pinch or double-tap zoom, multi-finger gestures,
 * swipe or key "back". CSS covers most of it (kiosk.css: user-select, touch-callout,
 * touch-action, overscroll-behavior); these listeners cover what CSS cannot.
 */
export function installKioskHygiene(doc: Document, win: Window = window): void {
  const block = (event: Event): void => event.preventDefault();
  doc.addEventListener('contextmenu', block);
  doc.addEventListener('selectstart', block);
  doc.addEventListener('dragstart', block);
  // A file dropped on the page would navigate away from the kiosk.
  doc.addEventListener('dragover', block);
  doc.addEventListener('drop', block);
  // Safari/WebKit pinch gestures.
  doc.addEventListener('gesturestart', block);
  // Ctrl+wheel and multi-touch zoom in Chromium.
  doc.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    { passive: false },
  );
  // No gesture needs more than one finger (an elder-mode requirement too): refuse them early.
  const multiTouch = (event: TouchEvent): void => {
    if (event.touches.length > 1) event.preventDefault();
  };
  doc.addEventListener('touchstart', multiTouch, { passive: false });
  doc.addEventListener('touchmove', multiTouch, { passive: false });
  doc.addEventListener('keydown', (event) => {
    // Ctrl +/-/0 zoom shortcuts on terminals with a hardware keyboard.
    if ((event.ctrlKey || event.metaKey) && ['+', '-', '=', '0'].includes(event.key)) event.preventDefault();
    // Alt+Left and the browser-back key would leave the kiosk page.
    if ((event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) || event.key === 'BrowserBack') {
      event.preventDefault();
    }
  });
  // A back swipe or mouse back button that still gets through lands on our own history entry:
  // step forward again instead of leaving.
  // The URL is written without its fragment: the launch token must never land in history.
  const here = (): string => win.location.pathname + win.location.search;
  win.history.pushState({ kiosk: true }, '', here());
  win.addEventListener('popstate', () => win.history.pushState({ kiosk: true }, '', here()));
}
