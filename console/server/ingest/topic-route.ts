/**
 * From an MQTT topic to (terminal, kind), following electron/core/fleet/topics.ts. The terminal id
 * comes from the topic, never from the payload: the broker ACL lets a terminal publish only under
 * its own subtree, so the topic is the one part a terminal cannot forge.
 */
import { fleetTopics } from '../../../electron/core/fleet/topics.ts';

export type MessageKind = 'status' | 'heartbeat' | 'events' | 'acks' | 'logs' | 'reports';

export interface RoutedTopic {
  terminalId: string;
  kind: MessageKind;
  requestId?: string;
}

const KINDS: readonly MessageKind[] = ['status', 'heartbeat', 'events', 'acks', 'reports'];

export function routeTopic(prefix: string, topic: string): RoutedTopic | undefined {
  const head = `${prefix}/terminals/`;
  if (!topic.startsWith(head)) return undefined;
  const [terminalId, kind, requestId, ...rest] = topic.slice(head.length).split('/');
  if (!terminalId || !kind || rest.length > 0) return undefined;
  let expected: ReturnType<typeof fleetTopics>;
  try {
    expected = fleetTopics(prefix, terminalId);
  } catch {
    return undefined;
  }
  if (kind === 'logs' && requestId !== undefined) {
    try {
      return expected.logs(requestId) === topic ? { terminalId, kind, requestId } : undefined;
    } catch {
      return undefined;
    }
  }
  if (requestId !== undefined) return undefined;
  return (KINDS as readonly string[]).includes(kind) ? { terminalId, kind: kind as MessageKind } : undefined;
}

/** The subscriptions of one console instance. */
export function ingestFilters(prefix: string, shareGroup: string): { shared: string[]; own: string[] } {
  const base = `${prefix}/terminals/+`;
  return {
    // Volume: split between instances of the group (MQTT v5 shared subscription).
    shared: [`$share/${shareGroup}/${base}/heartbeat`, `$share/${shareGroup}/${base}/events`, `$share/${shareGroup}/${base}/acks`, `$share/${shareGroup}/${base}/logs/+`, `$share/${shareGroup}/${base}/reports`],
    // Retained messages are never delivered to shared subscriptions (MQTT v5 §4.8.2), so every
    // instance reads status itself; storing a status is idempotent, the duplicates are harmless.
    own: [`${base}/status`],
  };
}
