/**
 * 人证核验 through the core alone (no camera, no Human): the descriptors a renderer would send.
 * Core tests use these to reach 'verified' methods; the real face path is test/e2e/person-check.e2e.ts.
 */
import { FACE_DESCRIPTOR_LENGTH } from '../../electron/contract/person-check/person-check.contract.ts';

/**
 * A fixed descriptor per seed, spread like faceres output (signed, a few tenths): two seeds are as
 * far apart as two people's faces (similarity far below any threshold), one seed twice is the same face (1).
 */
export const faceDescriptor = (seed = 1): number[] =>
  Array.from({ length: FACE_DESCRIPTOR_LENGTH }, (_, i) => Math.round(((Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1) * 0.8 * 1e5) / 1e5);

type Call = (method: string, payload?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

/** The same face twice with full liveness: the core computes similarity 1 and passes the check. */
export async function passPersonCheck(call: Call): Promise<void> {
  const started = await call('startPersonCheck', {});
  if (!started.ok) throw new Error(`startPersonCheck: ${started.error?.code} ${started.error?.message}`);
  const result = await call('submitPersonCheck', {
    kind: 'compared',
    cardDescriptor: faceDescriptor(),
    liveDescriptor: faceDescriptor(),
    liveness: 1,
  });
  if (!result.ok || (result.value as { decision: string }).decision !== 'passed') {
    throw new Error(`submitPersonCheck did not pass: ${JSON.stringify(result)}`);
  }
}
