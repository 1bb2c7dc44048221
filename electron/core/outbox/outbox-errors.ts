/**
 * Failures of the outbox, each with a stable code the API layer maps to a screen message. None
 * carries payload content or key material: messages end up in logs and on maintenance screens.
 */
export type OutboxErrorCode = 'storage-full' | 'key' | 'invalid-submission' | 'closed' | 'not-found' | 'invalid-state';

export class OutboxError extends Error {
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboxError';
  }
}

/** The disk (or the database's size limit) is full: the submission was NOT saved; queued ones are intact. */
export class OutboxFullError extends OutboxError {
  constructor(options?: { cause?: unknown }) {
    super(
      'storage-full',
      'storage is full: the submission was not saved (items already queued are kept); free disk space or deliver the queue',
      options,
    );
    this.name = 'OutboxFullError';
  }
}

/** The encryption key is missing, malformed or not the one a row was sealed with. */
export class OutboxKeyError extends OutboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('key', message, options);
    this.name = 'OutboxKeyError';
  }
}

/** Whether a SQLite error means "no space": a real disk-full or PRAGMA max_page_count reached. */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL';
}
