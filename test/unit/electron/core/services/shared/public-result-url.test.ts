import { describe, expect, it } from 'vitest';
import { checkPublicResultUrl, MAX_RESULT_URL_CHARS } from '../../../../../../electron/core/services/shared/public-result-url.ts';

const ID = '11010519491231002X';
const personal = [ID, '张三'];

describe('a result page address for the phone QR', () => {
  it('passes a public http(s) page keyed by a receipt number', () => {
    expect(checkPublicResultUrl('https://zwfw.example.gov.cn/p/BJCY-20260105-000127', personal)).toEqual({ ok: true, url: 'https://zwfw.example.gov.cn/p/BJCY-20260105-000127' });
    expect(checkPublicResultUrl('http://127.0.0.1:8080/photo/ZP20261205000001', personal)).toMatchObject({ ok: true });
  });

  it('refuses what is not a web address: data:, javascript:, garbage', () => {
    expect(checkPublicResultUrl('data:image/jpeg;base64,/9j/4AAQ', personal)).toEqual({ ok: false, reason: 'not-http' });
    expect(checkPublicResultUrl('javascript:alert(1)', personal)).toEqual({ ok: false, reason: 'not-http' });
    expect(checkPublicResultUrl('not a url', personal)).toEqual({ ok: false, reason: 'not-http' });
  });

  it('refuses an address long enough to carry a picture', () => {
    const long = `https://zwfw.example.gov.cn/photo?img=${'A'.repeat(MAX_RESULT_URL_CHARS)}`;
    expect(checkPublicResultUrl(long, personal)).toEqual({ ok: false, reason: 'too-long' });
  });

  it('refuses an address with the holder in it, however it is written', () => {
    expect(checkPublicResultUrl(`https://zwfw.example.gov.cn/p?id=${ID}`, personal)).toEqual({ ok: false, reason: 'personal-data' });
    expect(checkPublicResultUrl(`https://zwfw.example.gov.cn/p?id=${ID.toLowerCase()}`, personal)).toEqual({ ok: false, reason: 'personal-data' });
    expect(checkPublicResultUrl(`https://zwfw.example.gov.cn/p?name=${encodeURIComponent('张三')}`, personal)).toEqual({ ok: false, reason: 'personal-data' });
    // A malformed escape is compared as written, not thrown.
    expect(checkPublicResultUrl(`https://zwfw.example.gov.cn/p/%E0%A4%A?id=${ID}`, personal)).toEqual({ ok: false, reason: 'personal-data' });
  });

  it('ignores empty personal values (a card without an English name)', () => {
    expect(checkPublicResultUrl('https://zwfw.example.gov.cn/p/BJCY-20260105-000127', [ID, '张三', ''])).toMatchObject({ ok: true });
  });
});
