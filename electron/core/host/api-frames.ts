/**
 * The one frame format and dispatch path of KioskApi across a process boundary, shared by the
 * browser shell's WebSocket (JSON text frames) and the Electron shell's MessagePort (structured
 * clones of the same objects): `call` in, `result` and `event` out (contract/ws-protocol.ts).
 * Both transports end in answerCall(), so a fix to framing or dispatch reaches both shells.
 */
import type { KioskResponse } from '../../contract/kiosk-api.ts';
import type { WsEventMessage, WsResultMessage } from '../../contract/ws-protocol.ts';
import type { ApiHost, CallContext } from '../api/dispatcher.ts';

export type ParsedFrame =
  | { ok: true; id: number; method: string; payload: unknown }
  | { ok: false; id: number | null; message: string };

/** Checks a decoded frame; anything that is not a well-formed call becomes an error result, not a crash. */
export function parseFrameValue(value: unknown): ParsedFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, message: 'frame must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id = Number.isSafeInteger(record.id) && (record.id as number) >= 0 ? (record.id as number) : null;
  if (record.type !== 'call') return { ok: false, id, message: 'frame type must be "call"' };
  if (id === null) return { ok: false, id: null, message: 'call id must be a non-negative integer' };
  if (typeof record.method !== 'string') return { ok: false, id, message: 'call method must be a string' };
  return { ok: true, id, method: record.method, payload: record.payload };
}

/** Decodes a JSON text frame, then checks it as parseFrameValue does. */
export function parseFrameText(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'frame is not valid JSON' };
  }
  return parseFrameValue(value);
}

/** Runs one call through ApiHost.dispatch (which applies each method's schema, access level and timeout). */
export async function answerCall(apiHost: ApiHost, frame: ParsedFrame, context: CallContext): Promise<WsResultMessage> {
  if (!frame.ok) return { type: 'result', id: frame.id, response: invalid(frame.message) };
  let response: KioskResponse<unknown>;
  try {
    response = await apiHost.dispatch(frame.method, frame.payload, context);
  } catch {
    // dispatch() turns handler failures into envelopes; this guards the transport itself.
    response = { ok: false, error: { code: 'INTERNAL', message: 'dispatch failed' } };
  }
  return { type: 'result', id: frame.id, response };
}

export function eventFrame(event: string, payload: unknown): WsEventMessage {
  return { type: 'event', event, payload } as WsEventMessage;
}

function invalid(message: string): KioskResponse<never> {
  return { ok: false, error: { code: 'INVALID_REQUEST', message } };
}
