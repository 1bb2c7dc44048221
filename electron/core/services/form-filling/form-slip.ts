/** The acceptance slip of a submitted form: the shared submission slip, with the application title. */
import type { SlipRenderer } from '../shared/slip-renderers.ts';
import { submissionSlip } from '../shared/submission-slip.ts';

export const formSlip: SlipRenderer<'form'> = (request) => submissionSlip(request);
