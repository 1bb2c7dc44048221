/** The home screen's sections (信用 / 公安 / 政务服务): which tiles go under which heading. Pure. */
import type { ServiceGroup, ServiceTile } from '../../../electron/contract/kiosk-api.ts';

/** The order of the sections on screen. */
export const GROUP_ORDER: readonly ServiceGroup[] = ['credit', 'police', 'government'];

/**
 * Tiles by group, in GROUP_ORDER, each group's tiles in the catalogue's order; empty groups left
 * out. A tile naming no group this screen knows (a core newer than this UI) joins the last group
 * rather than disappear.
 */
export function groupTiles(services: readonly ServiceTile[]): { group: ServiceGroup; tiles: ServiceTile[] }[] {
  const last = GROUP_ORDER[GROUP_ORDER.length - 1];
  const groupOf = (tile: ServiceTile): ServiceGroup | undefined => (GROUP_ORDER.includes(tile.group) ? tile.group : last);
  return GROUP_ORDER.map((group) => ({ group, tiles: services.filter((tile) => groupOf(tile) === group) })).filter((g) => g.tiles.length > 0);
}
