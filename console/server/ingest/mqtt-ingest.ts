/**
 * The console's MQTT connection: subscribes (MQTT v5; shared subscriptions for the volume, see
 * topic-route.ts) and hands every message to the registry, which validates, stores and counts it.
 * A message whose storing fails is logged and counted as a store error (shown on GET /api/ingest),
 * never dropped silently. Commands are published on the same connection.
 */
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import type { TerminalRegistry } from '../registry/terminal-registry.ts';
import { ingestFilters, routeTopic } from './topic-route.ts';

export interface MqttIngestOptions {
  brokerUrl: string;
  topicPrefix: string;
  shareGroup: string;
  clientId: string;
  username?: string;
  password?: string;
  ca?: string;
  mqtt?: Partial<Pick<IClientOptions, 'reconnectPeriod' | 'connectTimeout' | 'keepalive'>>;
}

export class MqttIngest {
  #client: MqttClient | undefined;
  /** Messages on topics outside the fleet layout (a misconfigured ACL, a stray publisher). */
  unroutable = 0;

  constructor(
    readonly options: MqttIngestOptions,
    readonly registry: TerminalRegistry,
    readonly logger: Logger,
  ) {}

  get client(): MqttClient | undefined {
    return this.#client;
  }

  async start(): Promise<void> {
    const o = this.options;
    const client = await connectAsync(o.brokerUrl, {
      clientId: o.clientId,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 2000,
      ...(o.username ? { username: o.username } : {}),
      ...(o.password ? { password: o.password } : {}),
      ...(o.ca ? { ca: o.ca } : {}),
      ...o.mqtt,
    });
    this.#client = client;
    client.on('message', (topic, payload) => {
      const route = routeTopic(o.topicPrefix, topic);
      if (!route) {
        this.unroutable++;
        return;
      }
      void this.registry.ingest(route, payload).catch(() => undefined);
    });
    client.on('error', (error) => this.logger.warn('console MQTT error', { error: error.message }));
    const filters = ingestFilters(o.topicPrefix, o.shareGroup);
    const subscribe = async () => {
      await client.subscribeAsync([...filters.shared, ...filters.own], { qos: 1 });
    };
    await subscribe();
    // A clean session forgets subscriptions: renew them after every reconnect.
    client.on('connect', () => void subscribe().catch((error: Error) => this.logger.error('console resubscribe failed', { error: error.message })));
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.endAsync().catch(() => undefined);
  }
}
