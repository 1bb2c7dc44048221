import { describe, expect, it } from 'vitest';
import { parseFleetCommand } from '../../../electron/core/fleet/fleet-commands.ts';
import { fleetTopics } from '../../../electron/core/fleet/topics.ts';

const now = new Date('2025-03-01T08:00:00Z');
const parse = (value: unknown) => parseFleetCommand(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), now);

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

describe('parseFleetCommand', () => {
  it.each([
    [{ id: 'c1', type: 'reload-config' }],
    [{ id: 'c2', type: 'reload-config', args: { bundle: { format: 'x' } } }],
    [{ id: 'c3', type: 'restart', args: { reason: 'update' } }],
    [{ id: 'c4', type: 'enter-out-of-service', args: { message: { 'zh-CN': '维修' } } }],
    [{ id: 'c5', type: 'leave-out-of-service' }],
    [{ id: 'c6', type: 'request-logs', args: { maxBytes: 65536 } }],
    [{ id: 'c7', type: 'restart', expiresAt: '2025-03-01T09:00:00Z' }],
  ])('accepts %j', (command) => {
    expect(parse(command)).toEqual({ ok: true, command });
  });

  it('refuses garbage without an id (nothing to acknowledge)', () => {
    expect(parse('not json')).toEqual({ ok: false, detail: 'not JSON' });
    expect(parse({ type: 'restart' })).toMatchObject({ ok: false, detail: expect.stringContaining('id') });
    expect(parse({ id: 'has space', type: 'restart' })).not.toHaveProperty('id');
  });

  it('refuses an invalid command but keeps its id for the rejection ack', () => {
    expect(parse({ id: 'c8', type: 'format-disk' })).toMatchObject({ ok: false, id: 'c8' });
    expect(parse({ id: 'c9', type: 'request-logs', args: { maxBytes: 10 ** 9 } })).toMatchObject({ ok: false, id: 'c9', detail: expect.stringContaining('args.maxBytes') });
    expect(parse({ id: 'c10', type: 'restart', args: { reason: 'x', extra: true } })).toMatchObject({ ok: false, id: 'c10' });
  });

  it('refuses an expired command', () => {
    expect(parse({ id: 'c11', type: 'restart', expiresAt: '2025-03-01T07:59:59Z' })).toEqual({ ok: false, id: 'c11', detail: 'expired at 2025-03-01T07:59:59Z' });
  });
});
