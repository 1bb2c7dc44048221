/**
 * Turning a refused config into a message a maintenance engineer can act on at the kiosk:
 * the file, the dotted field and what was wrong, e.g.
 * `/etc/kiosk/override.json: timeouts.inactivitySeconds: must be ≥ 15 (got 3)`.
 */
import type { z } from 'zod';
import { errorMessage } from '../util/error-message.ts';

export class ConfigError extends Error {
  /** Dotted path of the first offending field; '' when the file as a whole is the problem. */
  readonly field: string;
  /** The file that was refused. */
  readonly file: string;
  /** Every problem found, one `field: problem` line each (the message shows the first few). */
  readonly problems: string[];

  constructor(file: string, field: string, problems: string[], options?: { cause?: unknown }) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super(`${file}: ${shown}${more}`, options);
    this.name = 'ConfigError';
    this.file = file;
    this.field = field;
    this.problems = problems;
  }
}

type Path = readonly PropertyKey[];

export function fieldName(path: Path): string {
  return path.map(String).join('.');
}

function valueAt(input: unknown, path: Path): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  const got = ` (got ${show(value)})`;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}${got}`;
      return `${issue.message}${got}`;
    case 'too_big':
      if (issue.origin === 'number') return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}${got}`;
      return `${issue.message}${got}`;
    case 'invalid_type':
      if (value === undefined) return 'is required';
      if (issue.expected === 'int') return `must be a whole number${got}`;
      return `must be ${issue.expected}${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}${got}`;
    case 'invalid_format':
      return `${issue.message.startsWith('Invalid') ? `invalid ${issue.format}` : issue.message}${got}`;
    case 'custom':
      return `${issue.message}${got}`;
    default:
      return issue.message;
  }
}

/** One ConfigError listing every schema problem; `field` names the first. */
export function configErrorFromIssues(file: string, issues: readonly z.core.$ZodIssue[], input: unknown): ConfigError {
  const problems: Array<{ field: string; text: string }> = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // Report each unknown key as its own field: that is what the engineer has to delete.
      for (const key of issue.keys) {
        const field = fieldName([...issue.path, key]);
        problems.push({ field, text: `${field}: unknown field` });
      }
      continue;
    }
    const field = fieldName(issue.path) || '(root)';
    problems.push({ field, text: `${field}: ${describe(issue, valueAt(input, issue.path))}` });
  }
  const first = problems[0] ?? { field: '', text: 'invalid configuration' };
  return new ConfigError(file, first.field, problems.map((p) => p.text));
}

/** JSON.parse reports a character offset; people fix files by line and column. */
export function configErrorFromJson(file: string, text: string, error: unknown): ConfigError {
  // V8 quotes a snippet of the text, newlines included: keep the message on one line.
  const detail = (errorMessage(error)).replace(/\s+/g, ' ');
  const offset = /position (\d+)/.exec(detail)?.[1];
  let where = '';
  if (offset !== undefined) {
    const before = text.slice(0, Number(offset));
    const line = before.split('\n').length;
    const column = Number(offset) - before.lastIndexOf('\n');
    where = ` at line ${line}, column ${column}`;
  }
  return new ConfigError(file, '', [`not valid JSON${where}: ${detail}`], { cause: error });
}
