import { describe, expect, it } from 'vitest';
import { parseCommandBody } from '../../../../../electron/core/fleet/fleet-commands.ts';
import { fleetTopics } from '../../../../../electron/core/fleet/topics.ts';


describe('fleet topics', () => {
  it('lays out one subtree per terminal plus a broadcast', () => {
    const t = fleetTopics('bianmin/v1', 'KM-0001');
    expect(t).toMatchObject({
      status: 'bianmin/v1/terminals/KM-0001/status',
      heartbeat: 'bianmin/v1/terminals/KM-0001/heartbeat',
      commands: 'bianmin/v1/terminals/KM-0001/commands',
      broadcast: 'bianmin/v1/broadcast/commands',
      acks: 'bianmin/v1/terminals/KM-0001/acks',
      events: 'bianmin/v1/terminals/KM-0001/events',
    });
    expect(t.logs('req-7')).toBe('bianmin/v1/terminals/KM-0001/logs/req-7');
  });

  it.each([['KM/0001'], ['KM-#'], ['+'], ['']])('refuses a terminal id that would break the topic tree: %s', (id) => {
    expect(() => fleetTopics('bianmin/v1', id)).toThrow(/topic level/);
  });

  it('refuses wildcards in the prefix and in log request ids', () => {
    expect(() => fleetTopics('bianmin/#', 'KM-0001')).toThrow(/prefix/);
    expect(() => fleetTopics('bianmin/v1', 'KM-0001').logs('a/b')).toThrow();
  });
});

describe('parseCommandBody', () => {
  it.each([
    [{ name: 'reload-config', args: { bundle: { format: 'x' } } }],
    [{ name: 'restart', args: { reason: 'update' } }],
    [{ name: 'out-of-service', args: { message: { 'zh-CN': '设备维护中', 'en-US': 'Under maintenance' } } }],
    [{ name: 'back-in-service', args: {} }],
    [{ name: 'request-logs', args: { maxBytes: 65536 } }],
    [{ name: 'print-test-receipt', args: {} }],
    [{ name: 'clear-staff-lockout', args: {} }],
    [{ name: 'retry-held-items', args: { stream: 'credit' } }],
  ])('accepts %j', (body) => {
    expect(parseCommandBody(body)).toEqual({ ok: true, body });
  });

  it.each([
    [{ name: 'format-disk', args: {} }, 'name'],
    [{ name: 'request-logs', args: { maxBytes: 10 ** 9 } }, 'args.maxBytes'],
    [{ name: 'restart', args: { reason: 'x', extra: true } }, 'args'],
    [{ name: 'out-of-service', args: { message: { 'zh-CN': '维修' } } }, 'args.message.en-US'],
    [{ name: 'out-of-service', args: {} }, 'args.message'],
  ])('refuses %j, naming the field', (body, field) => {
    expect(parseCommandBody(body)).toMatchObject({ ok: false, detail: expect.stringContaining(`command.${field}`) });
  });
});
