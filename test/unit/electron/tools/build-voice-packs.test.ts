/**
 * The voice-pack build with the real espeak-ng and oggenc (Debian packages, installed by
 * .ci/install-system-deps.sh), on small prompt packs in a temporary folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildVoicePacks, collectPrompts, RECORDED_SLOW_RATE, VoicePackError } from '../../../../electron/tools/build-voice-packs.ts';
import { parseVoiceManifest } from '../../../../renderer/src/voice/voice-manifest.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'voice-packs-'));
  dirs.push(root);
  const paths = { promptsDir: join(root, 'prompts'), recordedDir: join(root, 'voice'), outDir: join(root, 'out'), cacheDir: join(root, 'cache') };
  mkdirSync(paths.promptsDir);
  mkdirSync(paths.recordedDir);
  writeFileSync(join(paths.promptsDir, 'zh-CN.json'), JSON.stringify({ timeout: '您还在使用吗', screen: { home: '请选择业务', done: '谢谢' } }));
  writeFileSync(join(paths.promptsDir, 'en-US.json'), JSON.stringify({ timeout: 'Are you still there?', screen: { home: 'Please choose', done: 'Thank you' } }));
  return paths;
}

const isOgg = (file: string): boolean => readFileSync(file).subarray(0, 4).toString('latin1') === 'OggS';

describe('voice pack build', () => {
  it('renders every prompt of every language, normal and slow, to Ogg files with a manifest', async () => {
    const paths = workspace();
    const result = await buildVoicePacks(paths);
    const manifest = parseVoiceManifest(JSON.parse(readFileSync(join(paths.outDir, 'manifest.json'), 'utf8')));
    expect(Object.keys(manifest.locales).sort()).toEqual(['en-US', 'zh-CN']);
    expect(Object.keys(manifest.locales['zh-CN']!.prompts).sort()).toEqual(['screen.done', 'screen.home', 'timeout']);
    const home = manifest.locales['zh-CN']!.prompts['screen.home']!;
    expect(home).toEqual({ normal: 'zh-CN/screen.home.ogg', slow: 'zh-CN/slow/screen.home.ogg', slowRate: 1, source: 'espeak-ng' });
    expect(isOgg(join(paths.outDir, home.normal))).toBe(true);
    expect(isOgg(join(paths.outDir, home.slow))).toBe(true);
    // The slow version is longer speech, so a larger file.
    expect(readFileSync(join(paths.outDir, home.slow)).length).toBeGreaterThan(readFileSync(join(paths.outDir, home.normal)).length);
    expect(result.rendered).toBe(12);

    // A second build renders nothing: the cache has every text.
    const again = await buildVoicePacks(paths);
    expect(again).toMatchObject({ rendered: 0, cached: 12 });
  });

  it('lets a recorded human voice replace a generated prompt file by file', async () => {
    const paths = workspace();
    mkdirSync(join(paths.recordedDir, 'zh-CN', 'slow'), { recursive: true });
    const recording = Buffer.from('ID3 recorded voice');
    writeFileSync(join(paths.recordedDir, 'zh-CN', 'screen.home.mp3'), recording);
    writeFileSync(join(paths.recordedDir, 'zh-CN', 'screen.done.mp3'), recording);
    writeFileSync(join(paths.recordedDir, 'zh-CN', 'slow', 'screen.done.mp3'), Buffer.from('ID3 slow'));
    const { manifest } = await buildVoicePacks(paths);
    const prompts = manifest.locales['zh-CN']!.prompts;
    // No slow recording: the player slows the recording itself.
    expect(prompts['screen.home']).toEqual({ normal: 'zh-CN/screen.home.mp3', slow: 'zh-CN/screen.home.mp3', slowRate: RECORDED_SLOW_RATE, source: 'recorded' });
    expect(prompts['screen.done']).toEqual({ normal: 'zh-CN/screen.done.mp3', slow: 'zh-CN/slow/screen.done.mp3', slowRate: 1, source: 'recorded' });
    expect(readFileSync(join(paths.outDir, 'zh-CN', 'screen.home.mp3'))).toEqual(recording);
    // Everything else stays generated.
    expect(prompts['timeout']?.source).toBe('espeak-ng');
    expect(manifest.locales['en-US']!.prompts['screen.home']?.source).toBe('espeak-ng');
  });

  it('says how to install espeak-ng when it is missing, and writes no manifest', async () => {
    const paths = workspace();
    const path = process.env['PATH'];
    process.env['PATH'] = join(paths.outDir, 'no-tools-here');
    try {
      await expect(buildVoicePacks(paths)).rejects.toThrow(/espeak-ng is not installed: run `bash \.ci\/install-system-deps\.sh`/);
    } finally {
      process.env['PATH'] = path;
    }
    expect(() => readFileSync(join(paths.outDir, 'manifest.json'))).toThrow();
  });

  it('refuses a prompt pack it cannot turn into files, naming the key', () => {
    expect(() => collectPrompts({ screen: { home: '' } }, 'zh-CN')).toThrow(new VoicePackError('zh-CN: prompt "screen.home" is empty'));
    expect(() => collectPrompts({ screen: { '../x': 'a' } }, 'zh-CN')).toThrow('zh-CN: prompt key "screen.../x" cannot be a file name');
    expect(() => collectPrompts({ screen: { home: 3 } }, 'zh-CN')).toThrow('zh-CN: prompt "screen.home" must be text');
    expect(() => collectPrompts([], 'zh-CN')).toThrow('zh-CN: the prompt pack is not an object');
  });
});
