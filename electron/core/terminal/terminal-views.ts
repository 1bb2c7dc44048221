/** What the screen may show of a card holder: masked, minimal. */
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import { maskIdNumber } from '../../contract/rules/id-number.ts';
import type { IdCardView } from '../../contract/kiosk-api.ts';

export const toIdCardView = (card: IdCardData): IdCardView => ({
  cardType: card.cardType,
  name: card.name || card.nameEn || '',
  idNumberMasked: maskIdNumber(card.idNumber),
  gender: card.gender,
});
