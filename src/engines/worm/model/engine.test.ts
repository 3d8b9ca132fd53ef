import { describe, expect, it } from 'vitest';
import { BODY_WALL_MUSCLES } from './anatomy.js';
import { parseCommandScript, scheduleDrive } from './command.js';
import { WormEngine } from './engine.js';
import { midlineCurvature, simulateWorm } from './simulate.js';

describe('WormEngine', () => {
  // Determinism for a seed, live stepping in any frame length against the offline run, reset and state export:
  // the live-engine contract (test/live-engines.contract.test.ts).

  it('records in simulateWorm the states the engine visits, as float32 frames', () => {
    const engine = new WormEngine({ drive: scheduleDrive(parseCommandScript('forward 0.6s, reverse')) });
    engine.advance(Math.floor(1.2 / engine.stepS + 1e-9));
    const rec = simulateWorm({ seconds: 1.2, frameRate: 50, command: parseCommandScript('forward 0.6s, reverse') });
    expect(Array.from(rec.midlineX.subarray((rec.frames - 1) * rec.rods))).toEqual(Array.from(engine.state.midlineX, (v) => Math.fround(v)));
  });

  it('switches the command interneurons with the drive', () => {
    const e = new WormEngine();
    const ava = e.neuronNames.indexOf('AVA');
    const avb = e.neuronNames.indexOf('AVB');
    e.advance(500);
    expect(e.state.neuronActivity[avb]).toBeGreaterThan(0.9);
    expect(e.state.neuronActivity[ava]).toBeLessThan(0.1);
    e.setDrive(0, 1);
    e.advance(500);
    expect(e.state.neuronActivity[ava]).toBeGreaterThan(0.9);
    expect(e.state.neuronActivity[avb]).toBeLessThan(0.1);
  });

  it('moves the body with external muscle activations (95 muscles, 4 quadrants)', () => {
    const e = new WormEngine();
    const external = new Float64Array(BODY_WALL_MUSCLES.length);
    BODY_WALL_MUSCLES.forEach((m, i) => (external[i] = m.side === 'dorsal' ? 0.6 : 0));
    e.setExternalMuscles(external);
    e.advance(1000);
    expect(Array.from(e.state.muscleActivation)).toEqual(Array.from(external));
    // Bent toward the dorsal side: the midline turns left (counter-clockwise) from head to tail, by more than a
    // full turn in all (the sum of the turning angles between pieces).
    const k = new Float64Array(e.state.midlineX.length - 2);
    midlineCurvature(e.state.midlineX, e.state.midlineY, 1, k);
    expect(k.reduce((a, b) => a + b, 0)).toBeGreaterThan(2 * Math.PI);
    expect(() => e.setExternalMuscles(new Float64Array(10))).toThrow(/95 muscle activations/);
  });

  it('refuses bad parameters with the field named', () => {
    expect(() => new WormEngine({ params: { environment: { medium: 2 } } })).toThrow(/environment\.medium/);
    expect(() => new WormEngine({ params: { body: { segments: 10 } } })).toThrow(/body\.segments/);
    expect(() => new WormEngine().setMedium(-1)).toThrow(/medium/);
  });
});

describe('WormEngine per-step allocation (the real-time rule)', () => {
  it('allocates nothing per step, in both muscle modes and live stepping', async () => {
    const { Session } = await import('node:inspector/promises');
    for (const model of ['activation', 'hh'] as const) {
      const engine = new WormEngine({ params: { muscles: { model } }, drive: scheduleDrive(parseCommandScript('forward 1s, reverse 1s, turn-left')) });
      // Let V8 finish optimising first (allocation-free is a property of the optimised code).
      for (let k = 0; k < (model === 'hh' ? 1200 : 2000); k++) engine.step(1 / 60);
      const session = new Session();
      session.connect();
      await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
      for (let k = 0; k < 300; k++) engine.step(1 / 60);
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      // Bytes allocated by frames inside the engine's own modules during the 5 s of stepping.
      let bytes = 0;
      const walk = (node: typeof profile.head, inside: boolean): void => {
        const url = node.callFrame.url;
        const here = inside || (/engines\/worm\/|math\/banded/.test(url) && !url.includes('.test.'));
        if (here) bytes += node.selfSize;
        for (const child of node.children) walk(child, here);
      };
      walk(profile.head, false);
      if (bytes >= 4096) {
        const rows: string[] = [];
        const list = (node: typeof profile.head, st: string[]): void => {
          const s2 = [...st, `${node.callFrame.functionName}@${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`];
          if (node.selfSize) rows.push(`${node.selfSize} ${s2.slice(-3).join(' > ')}`);
          for (const c of node.children) list(c, s2);
        };
        list(profile.head, []);
        console.log(rows.sort((a, b) => parseInt(b) - parseInt(a)).slice(0, 8).join('\n'));
      }
      expect(bytes, model).toBeLessThan(4096);
    }
  });
});
