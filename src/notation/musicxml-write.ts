/**
 * MusicXML 4.0 out: a partwise document from a notated score — parts with their MIDI instruments, measures,
 * attributes (divisions, key, time, staves, clefs), notes with spelled pitches, durations, ties, voices, types,
 * dots, triplets, staves and beams, tempo and dynamic directions, and each note's velocity in its `dynamics`
 * attribute so that a reader gets the performance's loudness back. Deterministic: no dates, no ids beyond the
 * parts', the same score gives the same bytes. The output validates against the MusicXML 4.0 XSD.
 */
import type { Score } from '../score/types.js';
import { notateScore, type NotatedEvent, type NotatedScore, type NotationOptions, DYNAMIC_VELOCITY } from './layout.js';
import { escapeXml } from './xml.js';

/** Options of {@link toMusicXml}: the notation options, and the software named in the header. */
export interface MusicXmlOptions extends NotationOptions {
  /** Written in `<encoding><software>`; default "neuromusic". */
  software?: string;
}

function num(x: number): string {
  return String(+x.toFixed(2));
}

function noteXml(e: NotatedEvent, voice: number, staff: number | undefined, out: string[]): void {
  if (e.kind === 'space') {
    out.push(`<forward><duration>${e.duration}</duration><voice>${voice}</voice>${staff ? `<staff>${staff}</staff>` : ''}</forward>`);
    return;
  }
  const tail: string[] = [];
  tail.push(`<voice>${voice}</voice>`);
  if (e.type) tail.push(`<type>${e.type}</type>`);
  for (let d = 0; d < e.dots; d++) tail.push('<dot/>');
  if (e.tuplet) tail.push(`<time-modification><actual-notes>${e.tuplet.actual}</actual-notes><normal-notes>${e.tuplet.normal}</normal-notes></time-modification>`);
  if (staff) tail.push(`<staff>${staff}</staff>`);
  if (e.kind === 'rest') {
    out.push(`<note><rest${e.measureRest ? ' measure="yes"' : ''}/><duration>${e.duration}</duration>${tail.join('')}${tupletNotations(e, [])}</note>`);
    return;
  }
  e.pitches.forEach((p, i) => {
    const parts: string[] = [];
    const dyn = e.velocity !== undefined ? ` dynamics="${num(((e.velocity * 127) / 90) * 100)}"` : '';
    parts.push(`<note${dyn}>`);
    if (i > 0) parts.push('<chord/>');
    parts.push(`<pitch><step>${p.step}</step>${p.alter ? `<alter>${p.alter}</alter>` : ''}<octave>${p.octave}</octave></pitch>`);
    parts.push(`<duration>${e.duration}</duration>`);
    if (e.tieStop) parts.push('<tie type="stop"/>');
    if (e.tieStart) parts.push('<tie type="start"/>');
    parts.push(...tail);
    if (i === 0) e.beams.forEach((b, l) => parts.push(`<beam number="${l + 1}">${b}</beam>`));
    const notations: string[] = [];
    if (e.tieStop) notations.push('<tied type="stop"/>');
    if (e.tieStart) notations.push('<tied type="start"/>');
    parts.push(tupletNotations(e, notations, i === 0));
    parts.push('</note>');
    out.push(parts.join(''));
  });
}

function tupletNotations(e: NotatedEvent, notations: string[], withTuplet = true): string {
  if (withTuplet && e.tuplet?.start) notations.push('<tuplet type="start" bracket="yes"/>');
  if (withTuplet && e.tuplet?.stop) notations.push('<tuplet type="stop"/>');
  return notations.length ? `<notations>${notations.join('')}</notations>` : '';
}

/**
 * Writes a notated score as MusicXML 4.0 (partwise).
 */
export function notationToMusicXml(n: NotatedScore, options: { software?: string } = {}): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  out.push('<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">');
  out.push('<score-partwise version="4.0">');
  if (n.title) out.push(`  <work><work-title>${escapeXml(n.title)}</work-title></work>`);
  out.push('  <identification>');
  if (n.composer) out.push(`    <creator type="composer">${escapeXml(n.composer)}</creator>`);
  out.push(`    <encoding><software>${escapeXml(options.software ?? 'neuromusic')}</software></encoding>`);
  if (n.source) out.push(`    <source>${escapeXml(n.source)}</source>`);
  out.push('  </identification>');
  out.push('  <part-list>');
  for (const p of n.parts) {
    out.push(`    <score-part id="${p.id}"><part-name>${escapeXml(p.name)}</part-name>` +
      `<score-instrument id="${p.id}-I1"><instrument-name>${escapeXml(p.name)}</instrument-name></score-instrument>` +
      `<midi-instrument id="${p.id}-I1"><midi-channel>${p.channel + 1}</midi-channel><midi-program>1</midi-program></midi-instrument></score-part>`);
  }
  out.push('  </part-list>');
  for (const p of n.parts) {
    out.push(`  <part id="${p.id}">`);
    p.measures.forEach((m, mi) => {
      const frame = n.measures[mi]!;
      out.push(`    <measure number="${frame.number}">`);
      const attrs: string[] = [];
      if (mi === 0) {
        attrs.push(`<divisions>${n.divisions}</divisions>`);
        attrs.push(`<key><fifths>${n.key.fifths}</fifths><mode>${n.key.mode}</mode></key>`);
      }
      if (frame.showTime) attrs.push(`<time><beats>${frame.numerator}</beats><beat-type>${frame.denominator}</beat-type></time>`);
      if (mi === 0) {
        if (p.staves > 1) attrs.push(`<staves>${p.staves}</staves>`);
        p.clefs.forEach((c, ci) => attrs.push(`<clef${p.staves > 1 ? ` number="${ci + 1}"` : ''}>${c === 'treble' ? '<sign>G</sign><line>2</line>' : '<sign>F</sign><line>4</line>'}</clef>`));
      }
      if (attrs.length) out.push(`      <attributes>${attrs.join('')}</attributes>`);
      const staffOf = (s: number): number | undefined => (p.staves > 1 ? s : undefined);
      if (m.dynamic) {
        out.push(`      <direction placement="below"><direction-type><dynamics><${m.dynamic}/></dynamics></direction-type>${p.staves > 1 ? '<staff>1</staff>' : ''}<sound dynamics="${num((DYNAMIC_VELOCITY[m.dynamic] / 90) * 100)}"/></direction>`);
      }
      const tempos = [...frame.tempos];
      let first = true;
      for (const v of m.voices) {
        if (!first) out.push(`      <backup><duration>${frame.length}</duration></backup>`);
        const lines: string[] = [];
        for (const e of v.events) {
          // Tempo marks ride on the first voice, before the event that holds them (with an offset inside it).
          while (first && p === n.parts[0] && tempos.length && tempos[0]!.offset < e.offset + e.duration) {
            const t = tempos.shift()!;
            const offset = t.offset - e.offset;
            lines.push(`<direction placement="above"><direction-type><metronome${t.shown ? '' : ' print-object="no"'}><beat-unit>quarter</beat-unit><per-minute>${num(t.bpm)}</per-minute></metronome></direction-type>${offset > 0 ? `<offset sound="yes">${offset}</offset>` : ''}${staffOf(1) ? '<staff>1</staff>' : ''}<sound tempo="${+t.bpm.toFixed(6)}"/></direction>`);
          }
          noteXml(e, v.number, staffOf(v.staff), lines);
        }
        for (const l of lines) out.push(`      ${l}`);
        first = false;
      }
      out.push('    </measure>');
    });
    out.push('  </part>');
  }
  out.push('</score-partwise>');
  return out.join('\n') + '\n';
}

/**
 * A score as MusicXML 4.0 (partwise): quantised, spelled and laid out by {@link notateScore}, then written.
 * Deterministic: the same score and options give the same text.
 * @example
 * const xml = toMusicXml(bachPreludeInC());
 * xml.includes('<score-partwise version="4.0">'); // → true
 */
export function toMusicXml(score: Score, options: MusicXmlOptions = {}): string {
  return notationToMusicXml(notateScore(score, options), options);
}
