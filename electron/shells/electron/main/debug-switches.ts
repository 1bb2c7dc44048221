/**
 * Switches that would open the kiosk to a debugger. A packaged build refuses to start with any of
 * them (the fuses already refuse NODE_OPTIONS and --inspect for Node; these are Chromium's).
 */
export const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'auto-open-devtools-for-tabs', 'inspect', 'inspect-brk'] as const;

/** The first debugging switch present in a packaged app, or null (development builds may debug). */
export function refusedDebugSwitch(hasSwitch: (name: string) => boolean, isPackaged: boolean): string | null {
  if (!isPackaged) return null;
  return DEBUG_SWITCHES.find((name) => hasSwitch(name)) ?? null;
}
