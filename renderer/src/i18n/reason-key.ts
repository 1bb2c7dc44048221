/**
 * i18n key for a tile's unavailableReason. The core sends machine reasons such as
 * 'device-unavailable:idCard' (kind, then the device); unknown ones fall back to a generic text
 * at the call site.
 */
export function unavailableReasonKey(reason: string): string {
  const colon = reason.indexOf(':');
  const kind = colon === -1 ? reason : reason.slice(0, colon);
  const detail = colon === -1 ? '' : reason.slice(colon + 1);
  if (kind === 'device-unavailable' && /^[A-Za-z]+$/.test(detail)) return `unavailable.device.${detail}`;
  return /^[A-Za-z-]+$/.test(kind) ? `unavailable.${kind}` : 'unavailable.generic';
}
