/** Minimal logger the browser shell writes to; fields never include the token or personal data. */
export interface ShellLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: ShellLogger = { info: () => {}, warn: () => {} };
