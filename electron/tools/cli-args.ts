/** Argument helpers shared by the staff CLI's command files. */
import { parseArgs } from 'node:util';

/** A mistake in the command line: answered with the usage text and exit code 2. */
export class UsageError extends Error {}

export function options<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(args: readonly string[], spec: T) {
  try {
    return parseArgs({ args: [...args], options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${flag}`);
  return value;
}
