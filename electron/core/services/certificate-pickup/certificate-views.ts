/** What the screen sees of a waiting certificate: its number masked but for the last four. */
import type { WaitingCertificateView } from '../../../contract/services/certificate-pickup/certificate-pickup.contract.ts';
import type { WaitingCertificate } from './certificate-upstream.ts';

export const maskCertificateNumber = (number: string): string => (number.length <= 4 ? '*'.repeat(number.length) : `${'*'.repeat(number.length - 4)}${number.slice(-4)}`);

export function toWaitingView(certificate: WaitingCertificate): WaitingCertificateView {
  return {
    certificateId: certificate.certificateId,
    kind: certificate.kind,
    title: certificate.title,
    issuedBy: certificate.issuedBy,
    readyAt: certificate.readyAt,
    numberMasked: maskCertificateNumber(certificate.certificateNumber),
  };
}
