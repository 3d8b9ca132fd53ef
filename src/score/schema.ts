import { z } from 'zod';
import type { Score } from './types.js';

/** Schema of one note; the boundary check for anything that claims to be a score. */
export const noteEventSchema = z.object({
  onset: z.number().finite().min(0, 'onset must be ≥ 0 s'),
  duration: z.number().finite().positive('duration must be > 0 s'),
  pitch: z.number().int('pitch must be a whole MIDI number').min(0).max(127),
  velocity: z.number().finite().min(0).max(1),
  voice: z.number().int().min(0),
  channel: z.number().int().min(0).max(15).optional(),
  speaker: z.number().int().min(0).optional(),
  slideFrom: z.number().int().min(0).max(127).optional(),
});

export const tempoChangeSchema = z.object({
  time: z.number().finite().min(0),
  bpm: z.number().finite().positive().max(1000),
});

export const timeSignatureChangeSchema = z.object({
  time: z.number().finite().min(0),
  numerator: z.number().int().min(1).max(64),
  denominator: z.number().int().refine((d) => [1, 2, 4, 8, 16, 32, 64].includes(d), 'denominator must be a power of two'),
});

export const scoreSchema = z.object({
  notes: z.array(noteEventSchema),
  tempos: z.array(tempoChangeSchema).default([{ time: 0, bpm: 120 }]),
  timeSignatures: z.array(timeSignatureChangeSchema).default([{ time: 0, numerator: 4, denominator: 4 }]),
  meta: z.object({
    title: z.string().optional(),
    composer: z.string().optional(),
    source: z.string().optional(),
    voiceNames: z.array(z.string()).optional(),
    key: z.string().optional(),
    programs: z.array(z.number().int().min(0).max(127)).optional(),
  }).default({}),
});

/** Error raised when data fails a schema; `message` is one readable line. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * Formats the first few zod issues as one line: `notes[3].pitch: Too big: expected number to be <=127`.
 */
export function formatIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
      '',
    );
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}

/**
 * Validates unknown data as a Score, once, at the boundary. Notes come back sorted by onset.
 * @example
 * const s = parseScore({ notes: [{ onset: 0, duration: 1, pitch: 60, velocity: 0.8, voice: 0 }] });
 * s.tempos[0].bpm; // → 120
 */
export function parseScore(data: unknown, what = 'score'): Score {
  const result = scoreSchema.safeParse(data);
  if (!result.success) throw new ValidationError(`${what}: ${formatIssues(result.error)}`);
  const score = result.data as Score;
  score.notes.sort(compareNotes);
  return score;
}

/** Onset, then pitch, then voice: the canonical note order. */
export function compareNotes(a: { onset: number; pitch: number; voice: number }, b: { onset: number; pitch: number; voice: number }): number {
  return a.onset - b.onset || a.pitch - b.pitch || a.voice - b.voice;
}
