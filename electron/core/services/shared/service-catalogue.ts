/**
 * The service catalogue (resources/services/catalogue.json): which services exist, which devices
 * each needs and what it needs of the upstream. A tile whose required device is down is shown as
 * temporarily unavailable while the others keep working; with the upstream unreachable or failing,
 * a query service is unavailable (it has nothing to show without it) while a submission service
 * stays open and says its submission will be delivered later (the outbox keeps it).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeviceKind, NetworkState, ServiceTile } from '../../../contract/kiosk-api.ts';
import { DEVICE_KINDS } from '../../../contract/terminal/terminal.contract.ts';

const deviceKind = z.enum(DEVICE_KINDS);
/**
 * 'query': answers come live from the upstream; 'submission': sealed into the outbox, delivered
 * when the upstream answers; 'local': served from the terminal's own resources.
 */
const serviceKind = z.enum(['query', 'submission', 'local']);
/** The home screen's sections, in the order a hall's citizens look for them (信用 / 公安 / 政务服务). */
export const SERVICE_GROUPS = ['credit', 'police', 'government'] as const;

export const serviceCatalogueSchema = z.object({
  services: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/),
        kind: serviceKind,
        // Every service names its section: a new one slots in under it with no other change.
        group: z.enum(SERVICE_GROUPS),
        titleKey: z.string().min(1),
        icon: z.string().min(1),
        requiredDevices: z.array(deviceKind),
        optionalDevices: z.array(deviceKind),
        /** Its methods need 人证核验 in the session (access 'verified'): the journey runs the person check first. */
        needsVerifiedPerson: z.boolean().optional(),
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

/** Why the upstream cannot answer a query now, or undefined when it can. */
function upstreamReason(network: NetworkState): string | undefined {
  if (network === 'offline') return 'network-offline';
  // 'degraded': the upstream answers with errors (or the link just started failing): a query now fails.
  if (network === 'degraded') return 'upstream-failing';
  return undefined;
}

/**
 * Tiles for the enabled services, in the catalogue's order. A device that is down is named first:
 * staff can fix it on the spot, the upstream they cannot.
 */
export function serviceTiles(
  catalogue: ServiceCatalogue,
  enabled: readonly string[],
  isReady: (device: DeviceKind) => boolean,
  network: NetworkState = 'online',
): ServiceTile[] {
  const upstream = upstreamReason(network);
  return catalogue.services
    .filter((service) => enabled.includes(service.id))
    .map((service) => {
      const down = service.requiredDevices.find((device) => !isReady(device));
      const reason = down ? `device-unavailable:${down}` : service.kind === 'query' ? upstream : undefined;
      return {
        id: service.id,
        kind: service.kind,
        group: service.group,
        titleKey: service.titleKey,
        icon: service.icon,
        available: reason === undefined,
        ...(reason ? { unavailableReason: reason } : {}),
        ...(!reason && upstream && service.kind === 'submission' ? { deliveredLater: true } : {}),
      };
    });
}
