/** The test WLT decoder reads the sample cards only; the configured decoder is chosen by name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { createWltDecoderSelector } from '../../../../../electron/core/person-check/decoders.ts';
import { sampleCardPhotoPath, TestWltDecoder } from '../../../../../electron/core/person-check/test-wlt-decoder.ts';
import { WltDecodeError } from '../../../../../electron/core/person-check/wlt-decoder.ts';
import { fillerPhoto, sampleCards } from '../../../../../native/simulators/sample-cards.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const resourcesDir = join(import.meta.dirname, '../../../../..', 'resources');
const SAMPLE_CARD_PHOTO = sampleCardPhotoPath(resourcesDir);

describe('TestWltDecoder', () => {
  it("returns the sample card's picture for every sample card, and says it is a test decoder", async () => {
    const decoder = new TestWltDecoder({ photoPath: SAMPLE_CARD_PHOTO });
    expect(decoder.test).toBe(true);
    expect(decoder.name).toMatch(/test/);
    const photo = await decoder.decode(sampleCards.resident.photoWlt);
    expect(photo.mime).toBe('image/png');
    expect([...photo.bytes.slice(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(Buffer.from(photo.bytes).equals(readFileSync(SAMPLE_CARD_PHOTO))).toBe(true);
    for (const card of Object.values(sampleCards)) await expect(decoder.decode(card.photoWlt)).resolves.toMatchObject({ mime: 'image/png' });
  });

  it('refuses any other photo bytes, as a real decoder refuses what it cannot read', async () => {
    const decoder = new TestWltDecoder({ photoPath: SAMPLE_CARD_PHOTO });
    await expect(decoder.decode(fillerPhoto(99))).rejects.toBeInstanceOf(WltDecodeError);
    await expect(decoder.decode(new Uint8Array(0))).rejects.toBeInstanceOf(WltDecodeError);
    await expect(decoder.decode(sampleCards.resident.photoWlt.slice(0, 1000))).rejects.toBeInstanceOf(WltDecodeError);
  });
});

describe('the configured decoder', () => {
  const config = (decoder?: 'none' | 'test') =>
    terminalConfigSchema.parse({
      ...JSON.parse(readFileSync(new URL('../../../../../resources/config/default.json', import.meta.url), 'utf8')),
      ...(decoder ? { personCheck: { decoder } } : {}),
    });

  it("is none by default (no licensed decoder ships), the test decoder only when named", () => {
    const select = createWltDecoderSelector(resourcesDir);
    expect(config().personCheck).toEqual({ required: true, threshold: 0.6, minLiveness: 0.5, decoder: 'none', upstreamPhoto: false, maxTries: 3 });
    expect(select(config())).toBeUndefined();
    expect(select(config('test'))).toBeInstanceOf(TestWltDecoder);
  });

  it('is the fleet’s to change, every field of it: on-site staff do not lower the threshold', () => {
    const fields = fieldAuthoritiesOf(terminalConfigSchema).filter((f) => f.path.startsWith('personCheck.'));
    expect(fields.map((f) => f.path).sort()).toEqual(['personCheck.decoder', 'personCheck.maxTries', 'personCheck.minLiveness', 'personCheck.required', 'personCheck.threshold', 'personCheck.upstreamPhoto']);
    expect(new Set(fields.map((f) => f.authority))).toEqual(new Set(['fleet']));
  });

  it('refuses a threshold or a number of tries out of range', () => {
    const base = JSON.parse(readFileSync(new URL('../../../../../resources/config/default.json', import.meta.url), 'utf8'));
    expect(terminalConfigSchema.safeParse({ ...base, personCheck: { threshold: 0.1 } }).success).toBe(false);
    expect(terminalConfigSchema.safeParse({ ...base, personCheck: { maxTries: 0 } }).success).toBe(false);
    expect(terminalConfigSchema.safeParse({ ...base, personCheck: { decoder: '/usr/lib/libwlt.so' } }).success).toBe(false);
  });
});
