/**
 * The slip registry: every PrintDocument kind has its service's renderer; a renderer prints only
 * what its service kept in this session (masked), and nothing once the session has ended.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../../../../electron/core/api/kiosk-error.ts';
import { DeviceManager } from '../../../../../../electron/core/devices/device-manager.ts';
import { createLogger } from '../../../../../../electron/core/logging/logger.ts';
import { enterpriseCreditResult } from '../../../../../../electron/core/services/credit-enterprise/enterprise-credit-slip.ts';
import { idPhotoResult } from '../../../../../../electron/core/services/id-photo/id-photo-slip.ts';
import { slipRenderers } from '../../../../../../electron/core/services/registry.ts';
import { loadServiceContent } from '../../../../../../electron/core/services/service-content.ts';
import { ServiceContext } from '../../../../../../electron/core/services/shared/service-context.ts';
import type { SubmissionSink } from '../../../../../../electron/core/services/shared/submission-sink.ts';
import { renderSlip, type SlipRequest } from '../../../../../../electron/core/services/shared/slip-renderers.ts';
import { SessionStore } from '../../../../../../electron/core/session/session-store.ts';
import { UpstreamClient } from '../../../../../../electron/core/upstream/upstream-client.ts';
import { decodeEscPos } from '../../../../../../native/simulators/escpos-decoder.ts';
import { ID_NUMBER, sampleCardHolder, terminalConfig } from '../../../../../support/a4-print-stand-ins.ts';

const logger = createLogger({ level: 'error' });
const content = loadServiceContent(join(import.meta.dirname, '../../../..', '..', '..', 'resources'));
// Slips never submit: a sink that says so if one ever tried (stand-in, named as such).
const refusingSink: SubmissionSink = { submit: () => Promise.reject(new Error('slips do not submit')) };

function setup() {
  const sessions = new SessionStore({ backstopMs: 60_000 });
  const config = terminalConfig();
  const upstream = new UpstreamClient({ baseUrl: config.upstream.baseUrl, timeoutMs: 1000, terminalId: config.terminalId });
  const service = new ServiceContext({
    config: () => config,
    devices: new DeviceManager({ logger }),
    sessions,
    upstream: () => upstream,
    logger,
    content,
    sink: refusingSink,
    emit: () => {},
  });
  const session = sessions.start();
  session.identity = sampleCardHolder();
  const state = service.stateOf(session);
  const slip = { locale: 'zh-CN', texts: content.print.slip('zh-CN'), terminalId: 'KM-0001', printedAt: new Date(2026, 2, 1, 9, 30), timeZone: 'Asia/Shanghai' };
  const request = (document: SlipRequest['document']): SlipRequest => ({ document, session, state, slip, service });
  return { sessions, service, state, request };
}

const enterprise = {
  reportNo: 'QY-20260301-0001',
  creditCode: '91350100M000100Y43',
  entityName: '示例科技有限公司',
  entityType: '有限责任公司',
  legalRepresentative: '欧阳娜娜',
  registeredAt: '2015-06-01',
  status: 'good' as const,
  entries: [],
  verifyUrl: 'http://127.0.0.1:8787/verify/QY-20260301-0001',
};

function notFound(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    return (error as KioskError).code;
  }
  throw new Error('expected a refusal');
}

describe('slip renderers', () => {
  it('refuse every session-bound kind with NOT_FOUND while the session holds no result', () => {
    const { request } = setup();
    for (const document of [
      { kind: 'enterprise-credit' },
      { kind: 'commitment', receiptNo: 'R-1' },
      { kind: 'form', receiptNo: 'R-1' },
      { kind: 'progress' },
      { kind: 'traffic-violations' },
      { kind: 'id-photo' },
      { kind: 'guide', guideId: 'no-such-guide' },
    ] as const) {
      expect(notFound(() => renderSlip(slipRenderers, request(document)))).toBe('NOT_FOUND');
    }
  });

  it("print the enterprise credit slip from its service's session slot, the legal representative masked", () => {
    const { state, request } = setup();
    enterpriseCreditResult.set(state, { record: enterprise, queriedAt: new Date(2026, 2, 1, 9, 29) });
    const printed = decodeEscPos(renderSlip(slipRenderers, request({ kind: 'enterprise-credit' })));
    const text = printed.lines.join('\n');
    expect(text).toContain('企业信用查询回执');
    expect(text).toContain('法定代表人: 欧***');
    expect(text).not.toContain('欧阳娜娜');
    expect(printed.qrCodes).toEqual([enterprise.verifyUrl]);
  });

  it('print the ID photo slip with the holder masked, and nothing once the session has ended', () => {
    const { sessions, state, request } = setup();
    idPhotoResult.set(state, { record: { accepted: true, receiptNo: 'ZP-0001', checks: [] }, submittedAt: new Date() });
    const text = decodeEscPos(renderSlip(slipRenderers, request({ kind: 'id-photo' }))).lines.join('\n');
    expect(text).toContain('受理编号: ZP-0001');
    expect(text).toContain('张* 110***********002X');
    expect(text).not.toContain(ID_NUMBER);
    sessions.end('completed');
    expect(idPhotoResult.get(state)).toBeUndefined();
    expect(state.results.size).toBe(0);
  });

  it('print a shipped guide without any query', () => {
    const { request } = setup();
    const [guideId] = [...content.guides.guides.keys()];
    const printed = decodeEscPos(renderSlip(slipRenderers, request({ kind: 'guide', guideId: guideId! })));
    expect(printed.lines.join('\n')).toContain('办事指南');
    expect(printed.qrCodes).toHaveLength(1);
  });
});
