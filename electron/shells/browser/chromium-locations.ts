/**
 * Where the browser shell looks for the Chromium that renders A4 documents: a fixed list of the
 * places distributions install it, never a path from the configuration or the environment. A
 * path there would let whoever edits the config choose the program that runs when a citizen
 * prints (issue 10). Packaged terminals install Chromium at one of these.
 */
import { accessSync, constants, statSync } from 'node:fs';

export const CHROMIUM_LOCATIONS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

/** The first location holding an executable file; undefined when none does. */
export function findChromium(locations: readonly string[] = CHROMIUM_LOCATIONS): string | undefined {
  return locations.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}
