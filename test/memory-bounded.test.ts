/**
 * Memory that does not grow with the length of the music (issue 22, item 6): the worm's composition maps the muscles
 * to notes as the simulation runs instead of keeping its recording, and the dance's physical body is written to its
 * WCON and timeline as it moves. Measured in a child process with --expose-gc (retained memory after full
 * collections, not timing); the streamed outputs are checked against the in-memory ones they replace.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/shared.js';
import { composeWorm } from '../src/engines/worm/play/compose.js';
import { contractionsToScore } from '../src/engines/worm/play/to-notes.js';
import { streamWorm } from '../src/engines/worm/model/simulate.js';
import { danceToPiece, physicalDanceRun } from '../src/engines/worm/dance/dance.js';
import { danceWcon, DanceWconStream } from '../src/engines/worm/dance/dance-wcon.js';
import { danceTimeline, DanceTimelineStream } from '../src/engines/worm/dance/dance-timeline.js';
import { bodyFigures, DanceBodyTracker } from '../src/engines/worm/dance/dance-body.js';
import { danceSummary } from '../src/engines/worm/dance/dance-summary.js';
import { readWcon } from '../src/formats/wcon.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';

function probe(record: boolean): { short: number; long: number; bytesPerFrame: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(projectRoot, 'test/helpers/worm-memory-probe.ts'), '10', '60', String(record)], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { short: number; long: number; bytesPerFrame: number };
}

describe('the worm composes in memory that does not grow with the piece', () => {
  it('retains its notes only: 50 s more music keeps under a tenth of what recording those frames takes', () => {
    // 50 s more at 50 frames/s: what a recording of those frames holds.
    const streamed = probe(false);
    const frameBytes = 50 * 50 * streamed.bytesPerFrame;
    expect(streamed.bytesPerFrame).toBeGreaterThan(1000); // midline, curvature, 95 muscles, neurons…
    expect(streamed.long - streamed.short).toBeLessThan(0.1 * frameBytes);
    // The control: the same measurement sees the growth when the run keeps its recording.
    const recorded = probe(true);
    expect(recorded.long - recorded.short).toBeGreaterThan(0.5 * frameBytes);
  }, 300_000);

  it('plays the notes that mapping the whole recording plays', () => {
    const c = composeWorm({ seconds: 20, command: 'forward 8s, reverse 5s, turn-left' }, { record: true });
    const rec = c.recording!;
    const mapped = contractionsToScore({ muscles: rec.muscleNames, dt: 1 / rec.frameRate, data: rec.muscles }, c.options.notes);
    expect(c.score.notes.length).toBeGreaterThan(20);
    expect(c.score.notes).toEqual(mapped.notes);
    expect(c.score.tempos).toEqual(mapped.tempos);
    const streamed = composeWorm({ seconds: 20, command: 'forward 8s, reverse 5s, turn-left' });
    expect(streamed.recording).toBeUndefined();
    expect(streamed.score.notes).toEqual(c.score.notes);
  });
});

describe('the physical dance streams to its WCON and timeline', () => {
  const prelude = bachPreludeInC();
  const score = { notes: prelude.notes.filter((n) => n.onset < 16) };
  const piece = { title: 'Prelude, 16 s', source: 'test' };
  const software = { name: 'neuromusic', version: 'test' };
  const kept = danceToPiece(score, { kMax: 4 });
  const streamed = danceToPiece(score, { kMax: 4, physical: false });

  function stream(recordFrames: number, fps: number): { wcon: string; timeline: string; tracker: DanceBodyTracker } {
    const wconParts: string[] = [];
    const timelineParts: string[] = [];
    const wcon = new DanceWconStream(streamed, piece, software, fps, (t) => wconParts.push(t), recordFrames);
    const timeline = new DanceTimelineStream(streamed, piece, fps, (t) => timelineParts.push(t));
    const tracker = new DanceBodyTracker();
    streamWorm(physicalDanceRun(streamed), {
      start(engine, frames, frameRate) {
        wcon.start(engine, frameRate);
        timeline.start(engine.body.rods);
        tracker.start(engine, frames, frameRate);
      },
      frame(f, engine) {
        wcon.frame(f, engine);
        timeline.frame(f, engine.state);
        tracker.frame(f, engine);
      },
    });
    wcon.end();
    timeline.end();
    return { wcon: wconParts.join(''), timeline: timelineParts.join(''), tracker };
  }

  it('writes the text the in-memory dance writes, and the same body figures', () => {
    for (const fps of [25, 10]) {
      const s = stream(9000, fps);
      expect(s.wcon).toBe(danceWcon(kept, piece, software, fps));
      expect(s.timeline).toBe(JSON.stringify(danceTimeline(kept, piece, fps)));
      const { figures, trajectory } = s.tracker.end();
      expect(figures).toEqual(bodyFigures(kept.body!));
      expect(danceSummary({ ...streamed, bodyFigures: figures })).toEqual(danceSummary(kept));
      // The thinned trajectory holds every stride-th frame of the body.
      expect(trajectory.recording.centroidX[3]).toBe(kept.body!.centroidX[3 * trajectory.stride]);
    }
  });

  it('splits a long WCON into records of the same animal whose frames join up to the whole', () => {
    const whole = readWcon(danceWcon(kept, piece, software, 25), 'whole').tracks[0]!;
    const split = readWcon(stream(60, 25).wcon, 'split').tracks;
    expect(split.length).toBe(Math.ceil(whole.t.length / 60));
    expect(new Set(split.map((t) => t.id))).toEqual(new Set([whole.id]));
    expect(split.flatMap((t) => t.t)).toEqual(whole.t);
    expect(split.flatMap((t) => t.x)).toEqual(whole.x);
    const custom = (t: typeof whole, key: string): unknown[] => (t.custom!['@neuromusic'] as Record<string, unknown[]>)[key]!;
    for (const key of ['pattern', 'danceBehaviour', 'behaviour']) expect(split.flatMap((t) => custom(t, key))).toEqual(custom(whole, key));
  });
});
