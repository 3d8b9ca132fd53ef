/**
 * Command scripts: what the worm is told to do, over time — "forward 20s, reverse 5s, turn-left 4s, forward".
 * Each step is an action with a duration (s, ms or min); only the last may omit it, and then lasts to the end of the
 * run. An action sets the drive of the command interneurons and the head bias (see {@link WormDrive}).
 */
import type { DriveFunction, WormDrive } from './engine.js';

/** The actions a script may use. `backward` is a synonym of `reverse`. */
export const COMMAND_ACTIONS = ['forward', 'reverse', 'turn-left', 'turn-right', 'pause'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/** The drive each action applies: forward / backward command input and head bias. */
export const ACTION_DRIVE: Record<CommandAction, Readonly<WormDrive>> = {
  forward: { forward: 1, backward: 0, turn: 0 },
  reverse: { forward: 0, backward: 1, turn: 0 },
  'turn-left': { forward: 1, backward: 0, turn: 1 },
  'turn-right': { forward: 1, backward: 0, turn: -1 },
  pause: { forward: 0, backward: 0, turn: 0 },
};

/** One step of a script. */
export interface CommandStep {
  action: CommandAction;
  startS: number;
  /** Infinity for an open-ended last step. */
  endS: number;
}

/** A parsed script. */
export interface CommandSchedule {
  steps: CommandStep[];
  /** Sum of the given durations (the end of the last timed step). */
  scriptedS: number;
  /** The source text, for reports. */
  text: string;
}

/** A script that cannot be parsed; the message names the step and the problem. */
export class CommandScriptError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CommandScriptError';
  }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, sec: 1, ms: 0.001, min: 60 };

/**
 * Parses a command script.
 * @example
 * parseCommandScript('forward 20s, reverse 5s, turn-left 4s, forward').steps.map((s) => s.action);
 * // ['forward', 'reverse', 'turn-left', 'forward']
 */
export function parseCommandScript(text: string): CommandSchedule {
  const items = text.split(/[,;\n]/).map((s) => s.trim());
  if (items.every((s) => s === '')) throw new CommandScriptError('command script is empty (example: "forward 20s, reverse 5s, forward")');
  const steps: CommandStep[] = [];
  let t = 0;
  items.forEach((item, k) => {
    const where = `command script step ${k + 1} ("${item}")`;
    if (item === '') throw new CommandScriptError(`${where}: empty step (two separators in a row?)`);
    const m = /^([a-z-]+)(?:\s+(.+))?$/i.exec(item);
    if (!m) throw new CommandScriptError(`${where}: expected an action and a duration, such as "forward 20s"`);
    const word = m[1]!.toLowerCase();
    const action = (word === 'backward' ? 'reverse' : word) as CommandAction;
    if (!COMMAND_ACTIONS.includes(action)) {
      throw new CommandScriptError(`${where}: unknown action "${m[1]}" (expected ${COMMAND_ACTIONS.join(', ')})`);
    }
    let duration = Infinity;
    if (m[2] !== undefined) {
      const d = /^(\d+(?:\.\d*)?|\.\d+)\s*(s|sec|ms|min)?$/i.exec(m[2].trim());
      if (!d) throw new CommandScriptError(`${where}: cannot read the duration "${m[2].trim()}" (write it as 20s, 500ms or 1.5min)`);
      duration = Number(d[1]) * UNIT_SECONDS[(d[2] ?? 's').toLowerCase()]!;
      if (!(duration > 0)) throw new CommandScriptError(`${where}: the duration must be positive`);
    } else if (k !== items.length - 1) {
      throw new CommandScriptError(`${where}: only the last step may omit its duration`);
    }
    steps.push({ action, startS: t, endS: t + duration });
    t += duration;
  });
  const last = steps[steps.length - 1]!;
  return { steps, scriptedS: Number.isFinite(last.endS) ? last.endS : last.startS, text: text.trim() };
}

/** The action at time t (s); after a script whose last step is timed, the worm keeps doing that last action. */
export function actionAt(schedule: CommandSchedule, t: number): CommandAction {
  for (const s of schedule.steps) if (t < s.endS) return s.action;
  return schedule.steps[schedule.steps.length - 1]!.action;
}

/**
 * A drive function following the schedule (allocation-free; remembers where it is, so forward-running time costs
 * O(1) per call).
 * @example
 * const worm = new WormEngine({ drive: scheduleDrive(parseCommandScript('forward 10s, reverse 5s, forward')) });
 */
export function scheduleDrive(schedule: CommandSchedule): DriveFunction {
  let index = 0;
  const steps = schedule.steps;
  return (out: WormDrive & { readonly time: number }): void => {
    const t = out.time;
    if (index > 0 && t < steps[index]!.startS) index = 0;
    while (index < steps.length - 1 && t >= steps[index]!.endS) index++;
    const d = ACTION_DRIVE[steps[index]!.action];
    out.forward = d.forward;
    out.backward = d.backward;
    out.turn = d.turn;
  };
}
