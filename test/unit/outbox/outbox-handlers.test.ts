import { describe, expect, it } from 'vitest';
import type { KioskHandlers } from '../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../electron/core/api/kiosk-error.ts';
import { fromOutboxError } from '../../../electron/core/evaluation/evaluation-handlers.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { OutboxError, OutboxFullError } from '../../../electron/core/outbox/outbox-errors.ts';
import { ServiceTally } from '../../../electron/core/evaluation/service-tally.ts';
import { useOutboxDb } from './outbox-test-db.ts';

const t = useOutboxDb('handlers');
const ctx = { shell: 'browser' as const, connectionId: 't' };

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
