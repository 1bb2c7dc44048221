import { describe, expect, it } from 'vitest';
import { parseFrame } from '../../../../../electron/shells/browser/ws-transport.ts';

const text = (value: string) => Buffer.from(value, 'utf8');

describe('parseFrame', () => {
  it('accepts a well-formed call, payload untouched (the dispatcher validates it)', () => {
    expect(parseFrame(text('{"type":"call","id":3,"method":"readIdCard","payload":{"timeoutMs":5000}}'), false)).toEqual({
      ok: true,
      id: 3,
      method: 'readIdCard',
      payload: { timeoutMs: 5000 },
    });
    expect(parseFrame([text('{"type":"call",'), text('"id":0,"method":"x"}')], false)).toEqual({
      ok: true,
      id: 0,
      method: 'x',
      payload: undefined,
    });
  });

  it.each([
    ['not JSON', 'nope', null, 'not valid JSON'],
    ['null', 'null', null, 'JSON object'],
    ['an array', '[]', null, 'JSON object'],
    ['a wrong type with id', '{"type":"result","id":4}', 4, 'type must be "call"'],
    ['a string id', '{"type":"call","id":"4","method":"x"}', null, 'non-negative integer'],
    ['an unsafe id', `{"type":"call","id":${2 ** 60},"method":"x"}`, null, 'non-negative integer'],
    ['a missing method', '{"type":"call","id":5}', 5, 'method must be a string'],
  ])('refuses %s', (_label, frame, id, message) => {
    const parsed = parseFrame(text(frame), false);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.id).toBe(id);
      expect(parsed.message).toContain(message);
    }
  });

  it('refuses binary frames', () => {
    expect(parseFrame(text('{"type":"call","id":1,"method":"x"}'), true)).toMatchObject({ ok: false, id: null });
  });
});
