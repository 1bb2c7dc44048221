import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { DEFAULT_OUT_OF_SERVICE_MESSAGE, ServiceMode, type ServiceModeState } from '../../../../../electron/core/staff/service-mode.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('service-mode');

describe('ServiceMode', () => {
  it('starts in service, goes out with a message, emits changes and audits them', () => {
    const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
    const mode = new ServiceMode({ path: tmp.path('service-mode.json'), audit });
    const changes: Array<[ServiceModeState, ServiceModeState]> = [];
    mode.on('changed', (next, previous) => changes.push([next, previous]));
    expect(mode.current().mode).toBe('in-service');

    mode.enter('fleet', { 'zh-CN': '打印机维修中', 'en-US': '' });
    expect(mode.current()).toMatchObject({
      mode: 'out-of-service',
      by: 'fleet',
      message: { 'zh-CN': '打印机维修中', 'en-US': DEFAULT_OUT_OF_SERVICE_MESSAGE['en-US'] },
    });
    mode.leave('staff');
    expect(mode.current().mode).toBe('in-service');
    expect(changes.map(([n, p]) => `${p.mode}->${n.mode}`)).toEqual(['in-service->out-of-service', 'out-of-service->in-service']);
    expect(audit.tail(10).map((e) => [e.actor, e.action, e.details.mode])).toEqual([
      ['fleet', 'service-mode.changed', 'out-of-service'],
      ['staff', 'service-mode.changed', 'in-service'],
    ]);
  });

  it('stays out of service across a restart', () => {
    new ServiceMode({ path: tmp.path('service-mode.json') }).enter('staff');
    const reopened = new ServiceMode({ path: tmp.path('service-mode.json') });
    expect(reopened.current()).toMatchObject({ mode: 'out-of-service', by: 'staff', message: DEFAULT_OUT_OF_SERVICE_MESSAGE });
  });

  it('leaving when already in service changes nothing', () => {
    const mode = new ServiceMode({ path: tmp.path('service-mode.json') });
    let events = 0;
    mode.on('changed', () => events++);
    mode.leave('fleet');
    expect(events).toBe(0);
  });

  it('caps an over-long message', () => {
    const mode = new ServiceMode({ path: tmp.path('service-mode.json') });
    const state = mode.enter('fleet', { 'zh-CN': '停'.repeat(500) });
    expect(state.mode === 'out-of-service' && state.message['zh-CN'].length).toBe(200);
  });
});
