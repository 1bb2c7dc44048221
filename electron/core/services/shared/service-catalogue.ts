/**
 * The service catalogue (resources/services/catalogue.json): which services exist and which
 * devices each needs. A tile whose required device is down is shown as temporarily unavailable
 * while the others keep working.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeviceKind, ServiceTile } from '../../../contract/kiosk-api.ts';

const deviceKind = z.enum(['idCard', 'printer', 'scanner', 'camera']);

export const serviceCatalogueSchema = z.object({
  services: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/),
        titleKey: z.string().min(1),
        icon: z.string().min(1),
        requiredDevices: z.array(deviceKind),
        optionalDevices: z.array(deviceKind),
      }),
    )
    .min(1),
});

export type ServiceCatalogue = z.infer<typeof serviceCatalogueSchema>;

export function loadServiceCatalogue(path: string): ServiceCatalogue {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const parsed = serviceCatalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid catalogue'}`);
  }
  return parsed.data;
}

/** Tiles for the enabled services, in the catalogue's order. */
export function serviceTiles(
  catalogue: ServiceCatalogue,
  enabled: readonly string[],
  isReady: (device: DeviceKind) => boolean,
): ServiceTile[] {
  return catalogue.services
    .filter((service) => enabled.includes(service.id))
    .map((service) => {
      const down = service.requiredDevices.find((device) => !isReady(device));
      return {
        id: service.id,
        titleKey: service.titleKey,
        icon: service.icon,
        available: down === undefined,
        ...(down ? { unavailableReason: `device-unavailable:${down}` } : {}),
      };
    });
}
