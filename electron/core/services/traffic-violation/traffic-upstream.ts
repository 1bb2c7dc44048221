/** 交通违法查询's upstream call and the record it answers (the slip and the screen read it). */
import { z } from 'zod';
import { postJson, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const trafficViolationsSchema = z.object({
  plateNumber: z.string().min(1).max(16),
  items: z
    .array(
      z.object({
        occurredAt: z.string().min(1),
        location: z.string().min(1).max(200),
        behaviour: z.string().min(1).max(200),
        points: z.number().int().min(0).max(12),
        fineYuan: z.number().min(0).max(100_000),
        handled: z.boolean(),
        authority: z.string().min(1).max(100),
      }),
    )
    .max(500),
});
export type TrafficViolationsRecord = z.output<typeof trafficViolationsSchema>;

export function trafficViolations(client: UpstreamClient, subject: Subject & { plateNumber: string }, options: CallOptions = {}): Promise<TrafficViolationsRecord> {
  return postJson(client, '/api/v1/police/traffic-violations', subject, trafficViolationsSchema, { ...options, secrets: [subject.idNumber] });
}
