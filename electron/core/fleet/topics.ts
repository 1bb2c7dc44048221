/**
 * The MQTT topic layout (documented in README "Maintenance and fleet"):
 *
 *   <prefix>/terminals/<terminalId>/status      retained; online/offline, offline also as last will
 *   <prefix>/terminals/<terminalId>/heartbeat   periodic status (devices, queue, disk, last error)
 *   <prefix>/terminals/<terminalId>/commands    fleet → terminal, QoS 1
 *   <prefix>/broadcast/commands                 fleet → every terminal, QoS 1
 *   <prefix>/terminals/<terminalId>/acks        terminal → fleet: accepted / done / failed / rejected
 *   <prefix>/terminals/<terminalId>/events      terminal → fleet: refusals, service mode, watchdog
 *   <prefix>/terminals/<terminalId>/logs/<id>   terminal → fleet: log text asked for by request-logs
 *   <prefix>/terminals/<terminalId>/reports     terminal → fleet: monthly 好差评 reports (QoS 1, report-publisher.ts)
 *   <prefix>/terminals/<terminalId>/payments/notify  console → terminal: payment channels' notifications, relayed (QoS 1, payment-notice.ts)
 *
 * One subtree per terminal lets the broker's ACL say "terminal KM-0001 may publish only under
 * …/terminals/KM-0001/ and read only its own commands and the broadcast".
 */
export interface FleetTopics {
  status: string;
  heartbeat: string;
  commands: string;
  broadcast: string;
  acks: string;
  events: string;
  reports: string;
  /** Payment notifications the console relays from the channels (only the console may publish here). */
  paymentNotify: string;
  logs(requestId: string): string;
}

const LEVEL = /^[A-Za-z0-9_-]+$/;

export function fleetTopics(prefix: string, terminalId: string): FleetTopics {
  if (!LEVEL.test(terminalId)) throw new Error(`terminal id "${terminalId}" cannot be an MQTT topic level`);
  if (prefix.split('/').some((level) => !LEVEL.test(level))) throw new Error(`topic prefix "${prefix}" is not valid`);
  const base = `${prefix}/terminals/${terminalId}`;
  return {
    status: `${base}/status`,
    heartbeat: `${base}/heartbeat`,
    commands: `${base}/commands`,
    broadcast: `${prefix}/broadcast/commands`,
    acks: `${base}/acks`,
    events: `${base}/events`,
    reports: `${base}/reports`,
    paymentNotify: `${base}/payments/notify`,
    logs: (requestId) => {
      if (!LEVEL.test(requestId)) throw new Error('request id cannot be an MQTT topic level');
      return `${base}/logs/${requestId}`;
    },
  };
}
