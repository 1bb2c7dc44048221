import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, MAX_BUNDLE_BYTES } from '../../../../../electron/core/config-bundle/bundle-format.ts';
import { verifyBundle } from '../../../../../electron/core/config-bundle/verify-bundle.ts';
import { bundle, makeKey } from '../../../../support/signed-bundles.ts';

const fleet = makeKey('fleet-2025');
const other = makeKey('fleet-2025');
const trusted = [{ id: fleet.id, key: fleet.publicKey }];
const ctx = { trustedKeys: trusted, terminalId: 'KM-0001' };

describe('verifyBundle', () => {
  it('accepts a bundle signed by a pinned key and returns its payload', () => {
    const result = verifyBundle(JSON.stringify(bundle(fleet, '1.1.0', { locale: 'en-US' })), ctx);
    expect(result).toMatchObject({ ok: true, keyId: 'fleet-2025', alreadyApplied: false, payload: { version: '1.1.0', config: { locale: 'en-US' } } });
  });

  it('refuses a bundle signed by a different key under a trusted key id', () => {
    expect(verifyBundle(bundle(other, '1.1.0', {}), ctx)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an unknown key id', () => {
    const stranger = makeKey('someone-else');
    expect(verifyBundle(bundle(stranger, '1.1.0', {}), ctx)).toMatchObject({ ok: false, reason: 'unknown-key', keyId: 'someone-else' });
  });

  it('refuses a payload changed after signing', () => {
    const signed = bundle(fleet, '1.1.0', { locale: 'en-US' });
    const payload = JSON.parse(Buffer.from(signed.payload, 'base64url').toString()) as Record<string, unknown>;
    payload.config = { locale: 'en-US', upstream: { baseUrl: 'https://evil.example' } };
    const tampered = { ...signed, payload: Buffer.from(JSON.stringify(payload)).toString('base64url') };
    expect(verifyBundle(tampered, ctx)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a truncated or garbled signature', () => {
    const signed = bundle(fleet, '1.1.0', {});
    expect(verifyBundle({ ...signed, signature: signed.signature.slice(0, 40) }, ctx)).toMatchObject({ reason: 'bad-signature' });
    expect(verifyBundle({ ...signed, signature: `A${signed.signature.slice(1)}` }, ctx)).toMatchObject({ reason: 'bad-signature' });
  });

  it('refuses a replayed older (or equal but different) version, and recognises the same bundle again', () => {
    const current = bundle(fleet, '1.2.0', { locale: 'en-US' });
    const accepted = verifyBundle(current, ctx);
    if (!accepted.ok) throw new Error('expected ok');
    const lastApplied = { version: '1.2.0', payloadHash: accepted.payloadHash };

    expect(verifyBundle(bundle(fleet, '1.1.9', {}), { ...ctx, lastApplied })).toMatchObject({
      ok: false,
      reason: 'replayed',
      version: '1.1.9',
      detail: 'version 1.1.9 is not newer than 1.2.0, the last bundle applied',
    });
    expect(verifyBundle(bundle(fleet, '1.2.0', { locale: 'zh-CN' }), { ...ctx, lastApplied })).toMatchObject({ reason: 'replayed' });
    expect(verifyBundle(current, { ...ctx, lastApplied })).toMatchObject({ ok: true, alreadyApplied: true });
    expect(verifyBundle(bundle(fleet, '1.2.1', {}), { ...ctx, lastApplied })).toMatchObject({ ok: true, alreadyApplied: false });
  });

  it('refuses a bundle meant for other terminals', () => {
    const targeted = bundle(fleet, '1.1.0', {}, { terminals: ['KM-0002', 'KM-0003'] });
    expect(verifyBundle(targeted, ctx)).toMatchObject({ ok: false, reason: 'not-for-this-terminal' });
    expect(verifyBundle(targeted, { ...ctx, terminalId: 'KM-0003' })).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{"format":'],
    ['wrong format', JSON.stringify({ format: 'other/1', keyId: 'k', payload: 'AA', signature: 'AA' })],
    ['extra field', JSON.stringify({ format: BUNDLE_FORMAT, keyId: 'k', payload: 'AA', signature: 'AA', x: 1 })],
    ['payload not base64url', JSON.stringify({ format: BUNDLE_FORMAT, keyId: 'fleet-2025', payload: 'a+b/', signature: 'AA' })],
    ['too big', JSON.stringify({ format: BUNDLE_FORMAT, keyId: 'k', payload: 'A'.repeat(MAX_BUNDLE_BYTES), signature: 'AA' })],
    ['a number', 42],
  ])('refuses a malformed bundle: %s', (_label, input) => {
    const result = verifyBundle(input, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!result.ok && result.detail.length).toBeGreaterThan(0);
  });

  it('refuses a correctly signed payload that is not a bundle payload', async () => {
    const { sign } = await import('node:crypto');
    const { signedMessage } = await import('../../../../../electron/core/config-bundle/bundle-format.ts');
    const bytes = Buffer.from(JSON.stringify({ version: 'one', config: {} }));
    const envelope = {
      format: BUNDLE_FORMAT,
      keyId: fleet.id,
      payload: bytes.toString('base64url'),
      signature: sign(null, signedMessage(bytes), fleet.privateKey).toString('base64url'),
    };
    expect(verifyBundle(envelope, ctx)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('a signature over the bare payload (no format prefix) does not verify: domain separation', async () => {
    const { sign } = await import('node:crypto');
    const signed = bundle(fleet, '1.1.0', {});
    const bare = sign(null, Buffer.from(signed.payload, 'base64url'), fleet.privateKey).toString('base64url');
    expect(verifyBundle({ ...signed, signature: bare }, ctx)).toMatchObject({ reason: 'bad-signature' });
  });
});
