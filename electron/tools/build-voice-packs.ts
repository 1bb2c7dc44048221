/**
 * Voice packs: every text of a prompt pack (resources/locales/prompts/<tag>.json, one fixed sentence per
 * screen and step, kept out of the UI packs so the initial bundle does not carry them) rendered to a small audio file, so the
 * terminal speaks where the platform has no speech voice. espeak-ng (Debian) is the baseline; a
 * recorded human voice in resources/voice/<locale>/<key>.<ogg|mp3|wav> replaces the generated file
 * of that one key (and resources/voice/<locale>/slow/<key>.* its elder-mode version).
 *
 * Output: <outDir>/<locale>/<key>.ogg, <outDir>/<locale>/slow/<key>.ogg and <outDir>/manifest.json.
 * Rendered files are cached by a hash of everything that shapes them, so a rebuild only renders
 * changed texts. Run by the renderer build (a Vite plugin) and by `npm run build:voice`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { VoiceManifest, VoicePrompt } from '../../renderer/src/voice/voice-manifest.ts';

const run = promisify(execFile);

/** espeak-ng voice per locale tag; a pack whose tag is missing here gets no generated voice. */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = { 'zh-CN': 'cmn', 'en-US': 'en-us' };
/** Words per minute: a calm pace, and a slower one for elder mode. */
export const SPEEDS = { normal: 150, slow: 115 } as const;
/** Used when a recording has no slow version of its own: the player slows it down instead. */
export const RECORDED_SLOW_RATE = 0.85;
const RECORDED_EXTENSIONS = ['.ogg', '.mp3', '.wav'] as const;
/** Vorbis at 16 kHz, lowest quality step: speech stays clear at about 2.5 kB a second. */
const OGGENC_ARGS = ['-Q', '-q', '-1', '--resample', '16000'];
/** Keys become file names: nothing that could climb out of the pack folder. */
const KEY_PATTERN = /^[a-z][a-zA-Z0-9-]*(\.[a-zA-Z0-9][a-zA-Z0-9-]*)*$/;

export class VoicePackError extends Error {
  override name = 'VoicePackError';
}

/** A prompt pack flattened to dotted keys ('screen.home' → text). */
export function collectPrompts(pack: unknown, tag: string): Map<string, string> {
  const section = pack;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new VoicePackError(`${tag}: the prompt pack is not an object`);
  const prompts = new Map<string, string>();
  const walk = (node: object, prefix: string): void => {
    for (const [name, value] of Object.entries(node)) {
      const key = prefix === '' ? name : `${prefix}.${name}`;
      if (typeof value === 'string') {
        if (!KEY_PATTERN.test(key)) throw new VoicePackError(`${tag}: prompt key "${key}" cannot be a file name`);
        if (value.trim() === '') throw new VoicePackError(`${tag}: prompt "${key}" is empty`);
        prompts.set(key, value);
      } else if (typeof value === 'object' && value !== null) walk(value, key);
      else throw new VoicePackError(`${tag}: prompt "${key}" must be text`);
    }
  };
  walk(section, '');
  return prompts;
}

export interface Synthesiser {
  /** Writes speech for `text` to `outFile` (Ogg Vorbis). */
  render(text: string, voice: string, wordsPerMinute: number, outFile: string): Promise<void>;
  /** Part of the cache key: a new synthesiser version re-renders everything. */
  version(): Promise<string>;
}

/** espeak-ng to WAV, then oggenc to Ogg Vorbis (WAV is ten times larger). */
export const espeakSynthesiser: Synthesiser = {
  async render(text, voice, wordsPerMinute, outFile) {
    const wav = `${outFile}.wav`;
    try {
      // The text is an argument, never a shell string: prompts cannot inject options ('--' ends them).
      await run('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', wav, '--', text]);
      await run('oggenc', [...OGGENC_ARGS, '-o', outFile, wav]);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new VoicePackError(
        missing
          ? 'espeak-ng or oggenc is not installed: run `bash .ci/install-system-deps.sh` (Debian packages espeak-ng, vorbis-tools)'
          : `rendering a prompt with ${voice} failed: ${(error as Error).message}`,
      );
    } finally {
      await rm(wav, { force: true });
    }
  },
  async version() {
    const { stdout } = await run('espeak-ng', ['--version']).catch(() => {
      throw new VoicePackError('espeak-ng is not installed: run `bash .ci/install-system-deps.sh` (Debian packages espeak-ng, vorbis-tools)');
    });
    return `${stdout.trim()} oggenc ${OGGENC_ARGS.join(' ')}`;
  },
};

export interface BuildVoicePacksOptions {
  /** resources/locales/prompts: <tag>.json prompt packs. */
  promptsDir: string;
  /** resources/voice: recorded overrides, <tag>/<key>.<ext> and <tag>/slow/<key>.<ext>. */
  recordedDir: string;
  outDir: string;
  cacheDir: string;
  synthesiser?: Synthesiser;
  /** Parallel renders (the build machine's cores are shared). */
  concurrency?: number;
}

export interface BuildVoicePacksResult {
  manifest: VoiceManifest;
  rendered: number;
  cached: number;
  recorded: number;
  bytes: number;
}

export async function buildVoicePacks(options: BuildVoicePacksOptions): Promise<BuildVoicePacksResult> {
  const synth = options.synthesiser ?? espeakSynthesiser;
  const synthVersion = await synth.version();
  await mkdir(options.cacheDir, { recursive: true });
  const tags = (await readdir(options.promptsDir)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
  const manifest: VoiceManifest = { format: 1, locales: {} };
  const counts = { rendered: 0, cached: 0, recorded: 0, bytes: 0 };
  const jobs: (() => Promise<void>)[] = [];
  const renders = new Map<string, Promise<boolean>>();

  for (const tag of tags.sort()) {
    const voice = ESPEAK_VOICES[tag];
    const pack: unknown = JSON.parse(await readFile(join(options.promptsDir, `${tag}.json`), 'utf8'));
    const prompts = collectPrompts(pack, tag);
    if (voice === undefined) {
      // Not an error: the pack still works, the terminal only speaks through recordings or an OS voice.
      console.warn(`voice packs: no espeak-ng voice is set for ${tag}; only recordings in resources/voice/${tag}/ are used`);
    }
    const entries: Record<string, VoicePrompt> = {};
    manifest.locales[tag] = { prompts: entries };
    await mkdir(join(options.outDir, tag, 'slow'), { recursive: true });

    for (const [key, text] of prompts) {
      const normalRec = await findRecording(options.recordedDir, tag, key);
      const slowRec = await findRecording(join(options.recordedDir, tag, 'slow'), '', key);
      if (voice === undefined && normalRec === null) continue;
      const entry: VoicePrompt = { normal: '', slow: '', slowRate: 1, source: normalRec === null ? 'espeak-ng' : 'recorded' };
      entries[key] = entry;

      const place = async (speed: 'normal' | 'slow', recording: string | null): Promise<string> => {
        const folder = speed === 'slow' ? `${tag}/slow` : tag;
        if (recording !== null) {
          const file = `${folder}/${key}${recording.slice(recording.lastIndexOf('.'))}`;
          await copyFile(recording, join(options.outDir, file));
          counts.recorded += 1;
          counts.bytes += (await stat(recording)).size;
          return file;
        }
        const file = `${folder}/${key}.ogg`;
        const wpm = SPEEDS[speed];
        const hash = createHash('sha256').update(JSON.stringify([synthVersion, voice, wpm, text])).digest('hex').slice(0, 32);
        const cached = join(options.cacheDir, `${hash}.ogg`);
        jobs.push(async () => {
          // Keys sharing a text share one render (two jobs must not write the same cache file).
          let ready = renders.get(hash);
          if (ready === undefined) {
            ready = ensureRendered(cached, () => synth.render(text, voice ?? '', wpm, `${cached}.part`));
            renders.set(hash, ready);
          }
          if (await ready) counts.rendered += 1;
          else counts.cached += 1;
          await copyFile(cached, join(options.outDir, file));
          counts.bytes += (await stat(cached)).size;
        });
        return file;
      };

      entry.normal = await place('normal', normalRec);
      if (slowRec !== null) entry.slow = await place('slow', slowRec);
      else if (normalRec !== null) {
        // A recording without its slow twin: the same file, slowed by the player.
        entry.slow = entry.normal;
        entry.slowRate = RECORDED_SLOW_RATE;
      } else entry.slow = await place('slow', null);
    }
  }

  await runAll(jobs, options.concurrency ?? 2);
  await writeFile(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return { manifest, ...counts };
}

/** True when it had to render (false: the cache had it, or another key's job rendered it). */
async function ensureRendered(cached: string, render: () => Promise<void>): Promise<boolean> {
  if (await exists(cached)) return false;
  await render();
  // Renamed into place only when complete: an interrupted build leaves no half file in the cache.
  await rename(`${cached}.part`, cached);
  return true;
}

async function findRecording(dir: string, tag: string, key: string): Promise<string | null> {
  for (const ext of RECORDED_EXTENSIONS) {
    const candidate = join(dir, tag, `${key}${ext}`);
    if (await exists(candidate)) return candidate;
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function runAll(jobs: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next];
      next += 1;
      if (job) await job();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** The repository's own folders: resources in, dist/renderer/voice out. */
export function defaultVoicePaths(repoRoot: string, outDir = join(repoRoot, 'dist', 'renderer', 'voice')): BuildVoicePacksOptions {
  return {
    promptsDir: join(repoRoot, 'resources', 'locales', 'prompts'),
    recordedDir: join(repoRoot, 'resources', 'voice'),
    outDir,
    cacheDir: join(repoRoot, 'node_modules', '.cache', 'bianmin-voice'),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = performance.now();
  const result = await buildVoicePacks(defaultVoicePaths(resolve(import.meta.dirname, '..', '..'), process.argv[2]));
  const ms = Math.round(performance.now() - started);
  console.log(
    `voice packs: ${Object.keys(result.manifest.locales).join(', ')}: ${result.rendered} rendered, ${result.cached} cached, ` +
      `${result.recorded} recorded, ${(result.bytes / 1024).toFixed(0)} KiB, ${ms} ms`,
  );
}
