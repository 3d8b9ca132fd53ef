/**
 * LilyPond out: a `.ly` file for LilyPond 2.24 from the notated score — one staff per part (a grand staff for a
 * piano part), each voice a continuous LilyPond voice (secondary voices filled with spacer rests where they are
 * silent), absolute pitches with the spelling of the notation, ties, triplets as `\tuplet 3/2`, whole-measure rests,
 * key, time, tempo and dynamic marks, bar checks after every measure. LilyPond beams by itself. Deterministic.
 */
import type { Score } from '../score/types.js';
import { DIVISIONS } from './quantize.js';
import { notateScore, type NotatedEvent, type NotatedPitch, type NotatedScore, type NotationOptions, type NoteType } from './layout.js';
import { spellWith } from './spell.js';

const DURATION: Record<NoteType, string> = { breve: '\\breve', whole: '1', half: '2', quarter: '4', eighth: '8', '16th': '16', '32nd': '32' };

function lilyString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** LilyPond's (Dutch) name of a step and alteration, without octave: c, cis, des, eses, as, es. */
export function lilyNoteName(step: string, alter: number): string {
  const base = step.toLowerCase();
  if (alter > 0) return base + 'is'.repeat(alter);
  if (alter < 0) {
    if (base === 'e' || base === 'a') return base + 's' + 'es'.repeat(-alter - 1);
    return base + 'es'.repeat(-alter);
  }
  return base;
}

function lilyPitch(p: NotatedPitch): string {
  const marks = p.octave - 3;
  return lilyNoteName(p.step, p.alter) + (marks > 0 ? "'".repeat(marks) : ','.repeat(-marks));
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

function eventText(e: NotatedEvent, numerator: number, denominator: number): string {
  if (e.measureRest) return numerator === denominator ? 'R1' : `R1*${numerator}/${denominator}`;
  const dur = (e.type ? DURATION[e.type] : '4') + '.'.repeat(e.dots);
  if (e.kind === 'rest') return `r${dur}`;
  if (e.kind === 'space') return `s${dur}`;
  const body = e.pitches.length === 1 ? lilyPitch(e.pitches[0]!) + dur : `<${e.pitches.map(lilyPitch).join(' ')}>${dur}`;
  return body + (e.tieStart ? '~' : '');
}

/** Writes a notated score as a LilyPond 2.24 file. */
export function notationToLilyPond(n: NotatedScore): string {
  const out: string[] = [];
  out.push('\\version "2.24.0"');
  out.push('\\header {');
  if (n.title) out.push(`  title = ${lilyString(n.title)}`);
  if (n.composer) out.push(`  composer = ${lilyString(n.composer)}`);
  out.push('  tagline = ##f');
  out.push('}');
  const tonic = spellWith(60, n.key.fifths + (n.key.mode === 'minor' ? 3 : 0));
  const key = `\\key ${lilyNoteName(tonic.step, tonic.alter)} \\${n.key.mode}`;
  out.push('');
  out.push('\\score {');
  out.push('  <<');
  n.parts.forEach((p, pi) => {
    const staffs: string[] = [];
    for (let staff = 1; staff <= p.staves; staff++) {
      const numbers = [...new Set(p.measures.flatMap((m) => m.voices.filter((v) => v.staff === staff).map((v) => v.number)))].sort((a, b) => a - b);
      if (numbers.length === 0) numbers.push((staff - 1) * 4 + 1);
      const voiceTexts = numbers.map((number, vi) => {
        const lines: string[] = [];
        let sig = '';
        p.measures.forEach((m, mi) => {
          const frame = n.measures[mi]!;
          const full = Math.round(frame.numerator * (4 / frame.denominator) * DIVISIONS);
          const parts: string[] = [];
          // Metre: the notated one, or the actual length of a measure cut short by a change of metre.
          let num = frame.numerator;
          let den = frame.denominator;
          if (frame.length !== full) {
            const sixteenths = frame.length / (DIVISIONS / 4);
            const g = gcd(sixteenths, 16);
            num = sixteenths / g;
            den = 16 / g;
          }
          if (vi === 0 && `${num}/${den}` !== sig) parts.push(`\\time ${num}/${den}`);
          sig = `${num}/${den}`;
          const voice = m.voices.find((v) => v.number === number && v.staff === staff);
          const tempos = pi === 0 && staff === 1 && vi === 0 ? [...frame.tempos] : [];
          if (!voice) {
            parts.push(num === den ? 's1' : `s1*${num}/${den}`);
          } else {
            let tupletOpen = false;
            voice.events.forEach((e, ei) => {
              while (tempos.length && tempos[0]!.offset < e.offset + e.duration) {
                const tm = tempos.shift()!;
                if (tm.shown) parts.push(`\\tempo 4 = ${Math.max(1, Math.round(tm.bpm))}`);
              }
              if (e.tuplet?.start && !tupletOpen) {
                parts.push('\\tuplet 3/2 {');
                tupletOpen = true;
              }
              let text = eventText(e.measureRest ? { ...e } : e, num, den);
              if (ei === 0 && staff === 1 && vi === 0 && m.dynamic) text = text.replace(/~?$/, (t) => `\\${m.dynamic}${t}`);
              parts.push(text);
              if (e.tuplet?.stop && tupletOpen) {
                parts.push('}');
                tupletOpen = false;
              }
            });
            if (tupletOpen) parts.push('}');
          }
          lines.push(`      ${parts.join(' ')} | % ${frame.number}`);
        });
        const voiceCommand = numbers.length > 1 ? ['\\voiceOne', '\\voiceTwo', '\\voiceThree', '\\voiceFour'][vi] ?? '' : '';
        const opening = vi === 0 ? `\\clef ${p.clefs[staff - 1] ?? 'treble'} ${key}` : '';
        return [`    \\new Voice = "${p.id}s${staff}v${number}" {`, `      ${voiceCommand} ${opening}`.trimEnd(), ...lines, '    }'].filter((l) => l.trim() !== '').join('\n');
      });
      const named = n.parts.length > 1 || !/^Part \d+$/.test(p.name);
      const name = p.staves === 1 && named ? ` \\with { instrumentName = ${lilyString(p.name)} }` : '';
      staffs.push([`  \\new Staff = "${p.id}s${staff}"${name} <<`, ...voiceTexts, '  >>'].join('\n'));
    }
    if (p.staves > 1) out.push(`  \\new PianoStaff \\with { instrumentName = ${lilyString(p.name)} } <<`, ...staffs, '  >>');
    else out.push(...staffs);
  });
  out.push('  >>');
  out.push('  \\layout { }');
  out.push('}');
  return out.join('\n') + '\n';
}

/**
 * A score as a LilyPond 2.24 file, through the same notation as the MusicXML writer.
 * @example
 * const ly = toLilyPond(bachPreludeInC());
 * ly.startsWith('\\version "2.24.0"'); // → true
 */
export function toLilyPond(score: Score, options: NotationOptions = {}): string {
  return notationToLilyPond(notateScore(score, options));
}
