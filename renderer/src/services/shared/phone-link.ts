/** One result page offered for the phone when the printer cannot print; `caption` tells several apart (a receipt number: not personal). */
export interface PhoneLink {
  url: string;
  caption?: string;
}
