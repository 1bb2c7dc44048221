/**
 * Volume and mute of the spoken prompts. Like elder mode they belong to one citizen: the App
 * resets them when the terminal returns to the attract screen, so nobody inherits a muted terminal.
 */
export interface VoicePrefs {
  /** 1–4 steps of VOLUME_STEP. */
  level: number;
  muted: boolean;
}

export const VOLUME_LEVELS = 4;
export const DEFAULT_VOICE_PREFS: VoicePrefs = { level: 3, muted: false };

export const louder = (p: VoicePrefs): VoicePrefs => ({ level: Math.min(VOLUME_LEVELS, p.level + 1), muted: false });
export const quieter = (p: VoicePrefs): VoicePrefs => ({ ...p, level: Math.max(1, p.level - 1) });
export const toggleMute = (p: VoicePrefs): VoicePrefs => ({ ...p, muted: !p.muted });

/** The <audio> volume (0–1) for the preferences. */
export const audioVolume = (p: VoicePrefs): number => (p.muted ? 0 : p.level / VOLUME_LEVELS);
