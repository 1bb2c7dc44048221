/** 办事指南: the hall's guides, browsed without a card or a session; browsing keeps a session alive. */
import { guideIndex, toGuideView } from './guides.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from '../shared/service-context.ts';

export function guideHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'listGuides' | 'getGuide'> {
  const library = ctx.deps.content.guides;
  return {
    listGuides: () => {
      ctx.deps.sessions.touch();
      return guideIndex(library);
    },

    getGuide: ({ guideId }) => {
      ctx.deps.sessions.touch();
      const guide = library.guides.get(guideId);
      if (!guide) throw new KioskError('NOT_FOUND', `no guide ${guideId}`);
      return toGuideView(guide, ctx.publicBaseUrl);
    },
  };
}
