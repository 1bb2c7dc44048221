/**
 * A QoS 1 publish that counts only when the broker took it for someone: PUBACK with reason code
 * 0 (MQTT v5). MQTT.js resolves a publish also for 0x10 "no matching subscribers" (the broker
 * then drops the message) and queues it while disconnected; for a payment notification both mean
 * "not delivered", so the channel must be told to post again.
 */
import type { MqttClient } from 'mqtt';

export type PublishResult = { delivered: true } | { delivered: false; reason: string };

const NO_MATCHING_SUBSCRIBERS = 0x10;
/** PUBACK reason codes by message id, seen before MQTT.js resolves the publish (one map per client). */
const pubackCodes = new WeakMap<MqttClient, Map<number, number>>();

function pubackCodesOf(client: MqttClient): Map<number, number> {
  let codes = pubackCodes.get(client);
  if (codes === undefined) {
    const map = new Map<number, number>();
    client.on('packetreceive', (packet) => {
      if (packet.cmd === 'puback' && typeof packet.messageId === 'number') map.set(packet.messageId, packet.reasonCode ?? 0);
    });
    codes = map;
    pubackCodes.set(client, codes);
  }
  return codes;
}

export async function publishConfirmed(client: MqttClient | undefined, topic: string, payload: string, timeoutMs: number): Promise<PublishResult> {
  if (!client?.connected) return { delivered: false, reason: 'not connected to the broker' };
  const codes = pubackCodesOf(client);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([client.publishAsync(topic, payload, { qos: 1 }), timeout]);
    if (outcome === 'timeout') return { delivered: false, reason: `no PUBACK within ${timeoutMs} ms` };
    const messageId = outcome?.messageId;
    const code = messageId === undefined ? undefined : codes.get(messageId);
    if (messageId !== undefined) codes.delete(messageId);
    if (code === NO_MATCHING_SUBSCRIBERS) return { delivered: false, reason: 'no subscriber (the terminal never subscribed)' };
    return { delivered: true };
  } catch (error) {
    return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
