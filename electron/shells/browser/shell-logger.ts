/**
 * What the browser shell logs with: the core's one logger (JSON lines, masked before any file).
 * Fields never include the token or personal data.
 */
import type { Logger } from '../../core/logging/logger.ts';

export type ShellLogger = Pick<Logger, 'info' | 'warn'>;
export { silentLogger } from '../../core/logging/logger.ts';
