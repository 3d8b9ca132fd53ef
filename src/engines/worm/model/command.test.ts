import { describe, expect, it } from 'vitest';
import { actionAt, parseCommandScript, scheduleDrive } from './command.js';

describe('command scripts', () => {
  it('parses actions and durations in s, ms and min; the last step may be open-ended', () => {
    const s = parseCommandScript('forward 20s, reverse 5 s, turn-left 4000ms, turn-right 0.1min, pause 1.5s, forward');
    expect(s.steps.map((x) => x.action)).toEqual(['forward', 'reverse', 'turn-left', 'turn-right', 'pause', 'forward']);
    expect(s.steps.map((x) => x.startS)).toEqual([0, 20, 25, 29, 35, 36.5]);
    expect(s.steps[5]!.endS).toBe(Infinity);
    expect(s.scriptedS).toBe(36.5);
    expect(parseCommandScript('backward 2s').steps[0]!.action).toBe('reverse');
  });

  it('answers the action and drive at any time', () => {
    const s = parseCommandScript('forward 2s, reverse 1s');
    expect([0, 1.99, 2, 2.5, 3, 100].map((t) => actionAt(s, t))).toEqual(['forward', 'forward', 'reverse', 'reverse', 'reverse', 'reverse']);
    const drive = scheduleDrive(parseCommandScript('forward 1s, turn-left 1s, pause'));
    const out = { forward: 0, backward: 0, turn: 0, time: 0.5 };
    drive(out);
    expect(out).toEqual({ forward: 1, backward: 0, turn: 0, time: 0.5 });
    out.time = 1.5;
    drive(out);
    expect(out).toMatchObject({ forward: 1, backward: 0, turn: 1 });
    out.time = 5;
    drive(out);
    expect(out).toMatchObject({ forward: 0, backward: 0, turn: 0 });
    out.time = 0.2; // back in time (a reset engine)
    drive(out);
    expect(out.forward).toBe(1);
  });

  it('names the step and the problem in broken scripts', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['forward 20s, revers 5s', /step 2 \("revers 5s"\): unknown action "revers"/],
      ['forward, reverse 5s', /step 1 \("forward"\): only the last step may omit its duration/],
      ['forward 20 parsecs', /cannot read the duration "20 parsecs"/],
      ['forward 0s', /must be positive/],
      ['forward 2s,, reverse', /step 2 \(""\): empty step/],
      ['forward -3s', /cannot read the duration/],
    ];
    for (const [text, pattern] of cases) expect(() => parseCommandScript(text), text).toThrow(pattern);
  });
});
