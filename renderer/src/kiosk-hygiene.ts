/**
 * A public terminal must not offer browser affordances: context menus, text selection
 * callouts, drag-out of images, pinch or double-tap zoom. CSS covers most of it; these
 * listeners cover what CSS cannot.
 */
export function installKioskHygiene(doc: Document): void {
  const block = (event: Event): void => event.preventDefault();
  doc.addEventListener('contextmenu', block);
  doc.addEventListener('selectstart', block);
  doc.addEventListener('dragstart', block);
  // Safari/WebKit pinch gestures.
  doc.addEventListener('gesturestart', block);
  // Ctrl+wheel and multi-touch zoom in Chromium.
  doc.addEventListener('wheel', (event) => {
    if (event.ctrlKey) event.preventDefault();
  }, { passive: false });
  doc.addEventListener('touchmove', (event) => {
    if (event.touches.length > 1) event.preventDefault();
  }, { passive: false });
  // Ctrl +/-/0 zoom shortcuts on terminals with a hardware keyboard.
  doc.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && ['+', '-', '=', '0'].includes(event.key)) event.preventDefault();
  });
}
