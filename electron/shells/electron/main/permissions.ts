/**
 * Web permission policy of the kiosk window: everything is denied except the camera for our own
 * page (photo capture, liveness hint). Pure so the policy is tested without the Electron binary.
 */
import { isAppUrl } from './app-origin.ts';

export interface PermissionQuery {
  permission: string;
  /** URL or origin of the requesting frame, as Electron reports it. */
  requestingUrl: string;
  /** For 'media' requests: which devices are asked for (Electron's details.mediaTypes). */
  mediaTypes?: readonly string[];
}

export function isPermissionAllowed(query: PermissionQuery): boolean {
  if (query.permission !== 'media') return false;
  if (!isAppUrl(query.requestingUrl)) return false;
  // Video only: the microphone is never needed and must not be opened silently on a kiosk.
  if (query.mediaTypes !== undefined && query.mediaTypes.some((type) => type !== 'video')) return false;
  return true;
}
