import type { SpeakerRole } from '../bindings/SpeakerRole';
import type { SpokenBy } from '../bindings/SpokenBy';
import type { SpeakerSource } from '../bindings/SpeakerSource';
import type { Turn } from '../bindings/Turn';

/** A turn's start in the recording as transcripts write it: `m:ss`, or `h:mm:ss` past an hour. */
export function formatStart(ms: number | null): string {
  if (ms === null) return '';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export const ROLE_LABELS: Record<SpeakerRole, string> = { participant: 'Participant', interviewer: 'Interviewer' };

const SOURCE_LABELS: Record<SpeakerSource, string> = { given: 'yours', remembered: 'remembered', guessed: 'guessed' };

export function speakerSourceLabel(source: SpeakerSource): string {
  return SOURCE_LABELS[source];
}

/** "Dana · 5:36" — who said a hit's passage, and when. */
export function turnLabel(turn: Turn): string {
  const who = turn.speaker || 'Unnamed speaker';
  const at = formatStart(turn.start_ms);
  return at ? `${who} · ${at}` : who;
}

/** Whose words a theme's transcripts were counted on, in words (the core says which: `spoken_by`). */
export function spokenBy(transcripts: number, spoken: SpokenBy): string {
  const n = transcripts === 1 ? '1 transcript' : `${transcripts} transcripts`;
  switch (spoken) {
    case 'participants':
      return `In ${n}, only what participants said counts; the interviewer's questions do not (add role:any to count them).`;
    case 'interviewer':
      return `In ${n}, what the interviewer asked (role:interviewer): not evidence of demand.`;
    case 'everyone':
      return `In ${n}, the interviewer's questions count too (role:any).`;
  }
}
