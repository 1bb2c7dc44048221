import { describe, expect, it } from 'vitest';
import { fromOutboxError } from '../../../../../electron/core/evaluation/evaluation-handlers.ts';
import { OutboxError, OutboxFullError } from '../../../../../electron/core/outbox/outbox-errors.ts';

describe('fromOutboxError', () => {
  it.each([
    [new OutboxFullError(), 'STORAGE_FULL'],
    [new OutboxError('closed', 'the outbox is closed'), 'DEVICE_UNAVAILABLE'],
    [new OutboxError('invalid-submission', 'bad'), 'INVALID_REQUEST'],
    [new Error('disk I/O error'), 'INTERNAL'],
  ])('%s → %s', (error, code) => {
    expect(fromOutboxError(error).code).toBe(code);
  });
});
