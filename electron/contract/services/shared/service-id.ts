/**
 * The services a terminal can offer, once: the config's services.enabled, the catalogue, the
 * contract's ServiceId and the renderer's journey list are all checked against this list.
 * Dependency-free, so both sides may load it as a value.
 */
export const SERVICE_IDS = [
  'credit-query',
  'credit-commitment',
  'form-filling',
  'e-licence',
  'progress-query',
  'service-guide',
  'id-photo',
  'traffic-violation',
  'certificate-pickup',
  'hk-macau-endorsement',
] as const;

export type ServiceId = (typeof SERVICE_IDS)[number];
