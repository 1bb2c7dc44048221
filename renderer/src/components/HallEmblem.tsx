/**
 * The attract screen's emblem slot: one of the marks shipped with the app (config `hall.emblem`),
 * never a picture from the config (nothing there names a file). Decorative: the hall's name beside
 * it says where the citizen is.
 */
import type { HallView } from '../../../electron/contract/kiosk-api.ts';
import { ServiceIcon } from './ServiceIcon.tsx';

const GLYPH: Record<Exclude<HallView['emblem'], 'none'>, string> = {
  'government-service': 'bank',
  police: 'police',
  credit: 'credit',
};

export function HallEmblem({ emblem }: { emblem: HallView['emblem'] }) {
  if (emblem === 'none') return null;
  return (
    <span className="hall-emblem" data-testid="hall-emblem" data-emblem={emblem} aria-hidden="true">
      <ServiceIcon name={GLYPH[emblem]} />
    </span>
  );
}
