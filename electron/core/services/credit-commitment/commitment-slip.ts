/** The acceptance slip of a credit commitment: the shared submission slip, with the commitment title. */
import type { SlipRenderer } from '../shared/slip-renderers.ts';
import { submissionSlip } from '../shared/submission-slip.ts';

export const commitmentSlip: SlipRenderer<'commitment'> = (request) => submissionSlip(request);
