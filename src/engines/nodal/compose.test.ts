import { describe, expect, it } from 'vitest';
import { readMidi } from '../../formats/midi.js';
import { composeNodal, firingsToScore, nodalMidi, type FiringLog } from './compose.js';
import { nodalParams } from './params.js';
import { speakerMidiAddress, speakerOfNode } from './speakers.js';

function log(rows: Array<[number, number, number, number]>): FiringLog {
  return {
    count: rows.length,
    timesSeconds: Float64Array.from(rows, (r) => r[0]),
    nodes: Int32Array.from(rows, (r) => r[1]),
    pitches: Float64Array.from(rows, (r) => r[2]),
    velocities: Float64Array.from(rows, (r) => r[3]),
    causes: new Int32Array(rows.length).fill(-1),
  };
}

describe('the speaker ring', () => {
  it('gives neighbouring nodes a shared speaker when there are fewer speakers than nodes', () => {
    expect(Array.from({ length: 32 }, (_, i) => speakerOfNode(i, 32, 8))).toEqual(Array.from({ length: 32 }, (_, i) => Math.floor(i / 4)));
    expect(Array.from({ length: 32 }, (_, i) => speakerOfNode(i, 32, 16))).toEqual(Array.from({ length: 32 }, (_, i) => Math.floor(i / 2)));
    expect(Array.from({ length: 5 }, (_, i) => speakerOfNode(i, 5, 2))).toEqual([0, 0, 0, 1, 1]);
    expect(speakerOfNode(7, 32, 32)).toBe(7);
  });

  it('puts speakers on MIDI channels 1–16 of port 1, then of port 2', () => {
    expect(speakerMidiAddress(0)).toEqual({ channel: 0, port: 0 });
    expect(speakerMidiAddress(9)).toEqual({ channel: 9, port: 0 });
    expect(speakerMidiAddress(15)).toEqual({ channel: 15, port: 0 });
    expect(speakerMidiAddress(16)).toEqual({ channel: 0, port: 1 });
    expect(speakerMidiAddress(31)).toEqual({ channel: 15, port: 1 });
  });
});

describe('firings to a score', () => {
  it('makes one note per firing with the flock\'s pitch and velocity, the node\'s speaker and channel', () => {
    const score = firingsToScore(log([[0.5, 5, 61.6, 127], [1.25, 31, 70, 63.5], [9.9, 12, 48, 30]]), { nodes: 32, speakers: 8, noteDurationSeconds: 0.4 }, 10, 3);
    expect(score.notes.map((n) => [n.onset, n.pitch, n.voice, n.speaker, n.channel])).toEqual([
      [0.5, 62, 5, 1, 1],
      [1.25, 70, 31, 7, 7],
      [9.9, 48, 12, 3, 3],
    ]);
    expect(score.notes[0]!.velocity).toBe(1);
    expect(score.notes[1]!.velocity).toBeCloseTo(0.5, 12);
    expect(score.notes[0]!.duration).toBe(0.4);
    expect(score.notes[2]!.duration).toBeCloseTo(0.1, 12); // cut at the end of the piece
    expect(score.meta.title).toContain('32 nodes on 8 speakers');
  });
});

describe('MIDI of the ring', () => {
  const run = composeNodal({ params: nodalParams({ nodes: 32, speakers: 32 }), seed: 2, seconds: 30 });

  it('has a track per speaker and, beyond 16 speakers, a port meta event on each', () => {
    const bytes = nodalMidi(run.score, 32);
    const back = readMidi(bytes, 'ring.mid');
    expect(back.notes.length).toBe(run.score.notes.length);
    // FF 21 01 pp: one per speaker track, ports 0 and 1.
    const ports: number[] = [];
    for (let i = 0; i + 4 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0x21 && bytes[i + 2] === 0x01) ports.push(bytes[i + 3]!);
    const speakers = new Set(run.score.notes.map((n) => n.speaker));
    expect(ports.length).toBe(speakers.size);
    expect(ports.filter((p) => p === 1).length).toBe([...speakers].filter((s) => s! >= 16).length);
    // Each note keeps its speaker's channel.
    const byChannel = new Map<number, number>();
    for (const n of run.score.notes) byChannel.set(n.channel!, (byChannel.get(n.channel!) ?? 0) + 1);
    const backByChannel = new Map<number, number>();
    for (const n of back.notes) backByChannel.set(n.channel!, (backByChannel.get(n.channel!) ?? 0) + 1);
    expect(backByChannel).toEqual(byChannel);
  });

  it('has no port events with 16 speakers or fewer', () => {
    const small = composeNodal({ params: nodalParams({ nodes: 32, speakers: 8 }), seed: 2, seconds: 10 });
    const bytes = nodalMidi(small.score, 8);
    let ports = 0;
    for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0x21) ports++;
    expect(ports).toBe(0);
    expect(new Set(readMidi(bytes, 'ring.mid').notes.map((n) => n.channel))).toEqual(new Set(small.score.notes.map((n) => n.channel)));
  });
});
