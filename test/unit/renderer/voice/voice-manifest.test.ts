import { describe, expect, it } from 'vitest';
import { parseVoiceManifest, promptSource, type VoiceManifest } from '../../../../renderer/src/voice/voice-manifest.ts';
import { audioVolume, DEFAULT_VOICE_PREFS, louder, quieter, toggleMute, VOLUME_LEVELS } from '../../../../renderer/src/voice/voice-prefs.ts';

const manifest: VoiceManifest = {
  format: 1,
  locales: {
    'zh-CN': {
      prompts: {
        'screen.home': { normal: 'zh-CN/screen.home.ogg', slow: 'zh-CN/slow/screen.home.ogg', slowRate: 1, source: 'espeak-ng' },
        'screen.done': { normal: 'zh-CN/screen.done.mp3', slow: 'zh-CN/screen.done.mp3', slowRate: 0.85, source: 'recorded' },
      },
    },
  },
};

describe('voice manifest', () => {
  it('gives the normal file, or in elder mode the slow file (or a recording slowed down)', () => {
    const parsed = parseVoiceManifest(JSON.parse(JSON.stringify(manifest)));
    expect(promptSource(parsed, 'zh-CN', 'screen.home', false)).toEqual({ src: 'voice/zh-CN/screen.home.ogg', rate: 1 });
    expect(promptSource(parsed, 'zh-CN', 'screen.home', true)).toEqual({ src: 'voice/zh-CN/slow/screen.home.ogg', rate: 1 });
    expect(promptSource(parsed, 'zh-CN', 'screen.done', true)).toEqual({ src: 'voice/zh-CN/screen.done.mp3', rate: 0.85 });
    expect(promptSource(parsed, 'zh-CN', 'screen.nowhere', false)).toBeNull();
    expect(promptSource(parsed, 'ug-CN', 'screen.home', false)).toBeNull();
  });

  it('refuses a manifest it cannot trust, saying why', () => {
    const bad = (change: (m: VoiceManifest) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(manifest)) as VoiceManifest;
      change(copy);
      return copy;
    };
    expect(() => parseVoiceManifest(null)).toThrow('voice manifest: not an object');
    expect(() => parseVoiceManifest({ format: 2, locales: {} })).toThrow('unknown format 2');
    expect(() => parseVoiceManifest(bad((m) => (m.locales['zh-CN']!.prompts['screen.home']!.normal = '../../etc/passwd')))).toThrow('zh-CN screen.home: bad file');
    expect(() => parseVoiceManifest(bad((m) => (m.locales['zh-CN']!.prompts['screen.home']!.slow = 'https://x/y.ogg')))).toThrow('bad slow file');
    expect(() => parseVoiceManifest(bad((m) => (m.locales['zh-CN']!.prompts['screen.home']!.slowRate = 0)))).toThrow('bad slowRate');
  });
});

describe('voice volume and mute', () => {
  it('steps the volume within its range, and louder also unmutes', () => {
    expect(audioVolume(DEFAULT_VOICE_PREFS)).toBe(DEFAULT_VOICE_PREFS.level / VOLUME_LEVELS);
    let p = DEFAULT_VOICE_PREFS;
    for (let i = 0; i < 10; i += 1) p = quieter(p);
    expect(p.level).toBe(1);
    for (let i = 0; i < 10; i += 1) p = louder(p);
    expect(audioVolume(p)).toBe(1);
    p = toggleMute(p);
    expect(audioVolume(p)).toBe(0);
    expect(louder(p)).toEqual({ level: VOLUME_LEVELS, muted: false });
  });
});
