/** 办件进度查询's upstream calls (by receipt number, by card holder) and the records they answer. */
import { z } from 'zod';
import { getJson, postJson, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const progressItemSchema = z.object({
  receiptNo: z.string().min(1).max(64),
  matter: z.string().min(1).max(200),
  status: z.enum(['received', 'processing', 'needs-materials', 'approved', 'rejected', 'ready-for-pickup', 'completed']),
  note: z.string().max(500).default(''),
  submittedAt: z.string().min(1),
  updatedAt: z.string().min(1),
  steps: z.array(z.object({ name: z.string().min(1).max(100), done: z.boolean(), at: z.string().optional() })).max(30).default([]),
  pickup: z.string().max(200).optional(),
  /** The case's public progress page; checked before it is shown (public-result-url.ts), not here: a bad one costs the QR only. */
  resultUrl: z.string().optional(),
});
export type ProgressRecord = z.output<typeof progressItemSchema>;

const progressListSchema = z.object({ holderName: z.string().default(''), items: z.array(progressItemSchema).max(200) });
export type ProgressList = z.output<typeof progressListSchema>;

export function progressByReceipt(client: UpstreamClient, receiptNo: string, options: CallOptions = {}): Promise<ProgressRecord> {
  return getJson(client, `/api/v1/progress/${encodeURIComponent(receiptNo)}`, '/api/v1/progress/{receiptNo}', progressItemSchema, options);
}

export function progressByHolder(client: UpstreamClient, subject: Subject, options: CallOptions = {}): Promise<ProgressList> {
  return postJson(client, '/api/v1/progress/by-holder', subject, progressListSchema, { ...options, secrets: [subject.idNumber] });
}
