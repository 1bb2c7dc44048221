/** Volume and mute of the spoken prompts, in the top bar: each state said in text, not by colour. */
import { useTranslation } from 'react-i18next';
import { Label } from '../components/KeepWords.tsx';
import { VOLUME_LEVELS, type VoicePrefs } from './voice-prefs.ts';

interface VoiceControlsProps {
  prefs: VoicePrefs;
  onQuieter(): void;
  onLouder(): void;
  onToggleMute(): void;
}

export function VoiceControls({ prefs, onQuieter, onLouder, onToggleMute }: VoiceControlsProps) {
  const { t } = useTranslation();
  return (
    <div className="voice-controls" role="group" aria-label={t('voice.controls')}>
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="volume-down"
        aria-label={t('voice.quieter')}
        disabled={prefs.level <= 1}
        onClick={onQuieter}
      >
        <span aria-hidden="true">−</span>
      </button>
      <span className="voice-level" data-testid="volume-level" role="status">
        <Label text={prefs.muted ? t('voice.mutedState') : t('voice.level', { level: prefs.level, max: VOLUME_LEVELS })} />
      </span>
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="volume-up"
        aria-label={t('voice.louder')}
        disabled={prefs.level >= VOLUME_LEVELS && !prefs.muted}
        onClick={onLouder}
      >
        <span aria-hidden="true">+</span>
      </button>
      <button type="button" className="btn btn-ghost" data-testid="mute-toggle" aria-pressed={prefs.muted} onClick={onToggleMute}>
        <span className="toggle-mark" aria-hidden="true">
          {prefs.muted ? '✓' : ''}
        </span>
        <Label text={t('voice.mute')} />
      </button>
    </div>
  );
}
