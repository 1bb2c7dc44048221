/**
 * zod pieces several services' requests use. These are transport limits (sizes, shapes); content
 * rules (check characters, plates, form rules) are the core's, so that the citizen gets a
 * specific error code rather than INVALID_REQUEST.
 */
import { z } from 'zod';

export const empty = z.object({}).strict();
export const resourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case id');
/** Renderer-generated per submission: a double tap or a retry never submits twice. */
export const submissionId = z.uuid();
/** How long a scan may wait for the citizen. */
export const scanTimeoutMs = z.number().int().min(1000).max(120_000).default(30_000);
/** Renderer-generated per print job: the same job is never printed twice (idempotent). */
export const printJobId = z.uuid();
