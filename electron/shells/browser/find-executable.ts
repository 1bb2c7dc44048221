/**
 * Whether a tool is installed, decided before the terminal offers a service that needs it: a
 * demo machine without CUPS should not show an A4 button that can only fail.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The executable file `command` names (a path, or a name looked up on PATH); undefined if none. */
export function findExecutable(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = isAbsolute(command) || command.includes('/')
    ? [command]
    : searchPath.split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
