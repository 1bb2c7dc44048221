/**
 * Transport rules for the addresses the fleet authority configures: citizen data and fleet
 * traffic leave the terminal encrypted. Plain http / mqtt / ws is only for a server on the
 * terminal itself (the demo's reference upstream, a local broker in tests).
 */

/** Hostnames as WHATWG URL reports them: IPv6 keeps its brackets. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackUrl(value: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Upstream: https anywhere, http only to loopback. */
export function upstreamUrlAllowed(value: string): boolean {
  return value.startsWith('https://') || isLoopbackUrl(value);
}

/** Fleet broker: mqtts:// or wss:// anywhere, mqtt:// or ws:// only to loopback; '' = not configured. */
export function brokerUrlAllowed(value: string): boolean {
  return value === '' || /^(?:mqtts|wss):\/\//.test(value) || isLoopbackUrl(value);
}
