/**
 * The commands of a worm performance, recorded on the engine's step grid: what the user did and when. A run is a
 * function of its seed and this record, so the studio can go back in time (a seek re-runs from a checkpoint with
 * the same commands), and the exports are exactly what was heard. Commands play back like automation; a new
 * command replaces the later commands of its kind (a scripted future included).
 */
import { parseCommandScript, type CommandAction } from 'neuromusic/worm';
import type { WormControlsSummary, WormMusic } from './messages.js';

/** One recorded command, effective from engine step `step` on (before that step is taken). */
export type WormControl =
  | { step: number; kind: 'drive'; action: CommandAction }
  | { step: number; kind: 'medium'; medium: number }
  | { step: number; kind: 'music'; music: WormMusic };

/** The settings every performance starts from. */
export interface WormInitialSettings {
  action: CommandAction;
  medium: number;
  music: WormMusic;
}

/**
 * The studio's defaults: crawling forward on agar (0.22 mm/s, a clear track; in water the worm swims at 0.08 mm/s),
 * eight notes a second. At the mapper's own five notes a second each quadrant voice waits 0.8 s between notes, which
 * locks to the undulation period (0.95 s in water) and repeats one pitch; at eight (0.5 s) the voices walk down the
 * body in falling runs forward and rising ones in reverse.
 */
export const DEFAULT_WORM_SETTINGS: WormInitialSettings = {
  action: 'forward',
  medium: 1,
  music: { key: 'C# minor', notesPerSecond: 8 },
};

export class WormControls {
  private list: WormControl[] = [];

  constructor(
    /** Engine step length (s). */
    readonly stepS: number,
    readonly initial: WormInitialSettings = DEFAULT_WORM_SETTINGS,
  ) {}

  /** The recorded commands in step order (stable for equal steps). */
  get entries(): readonly WormControl[] {
    return this.list;
  }

  /** The first step (index in the engine's step count) at which a command takes effect at or after `seconds`. */
  stepAt(seconds: number): number {
    return Math.max(0, Math.ceil(seconds / this.stepS - 1e-9));
  }

  /**
   * Records a command at `step`, dropping the later ones of the same kind.
   * @example
   * controls.record({ step: 500, kind: 'drive', action: 'reverse' }); // reverse from 1 s on
   */
  record(control: WormControl): void {
    this.list = this.list.filter((c) => c.kind !== control.kind || c.step < control.step);
    this.insert(control);
  }

  /**
   * Records a command script from `step` on: one drive command per step of the script (an open last step lasts,
   * a timed one holds its action after it ends). Throws a CommandScriptError for a script that does not parse.
   */
  recordScript(text: string, step: number): void {
    const schedule = parseCommandScript(text);
    this.list = this.list.filter((c) => c.kind !== 'drive' || c.step < step);
    for (const s of schedule.steps) this.insert({ step: step + Math.round(s.startS / this.stepS), kind: 'drive', action: s.action });
  }

  /** Forgets every command. */
  clear(): void {
    this.list = [];
  }

  /** Index of the first command with step ≥ `step` (binary search). */
  firstAtOrAfter(step: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.step < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The drive of the performance as a command script that the CLI reads (`neuromusic worm simulate --command`):
   * consecutive equal actions merged, durations in seconds.
   * @example
   * controls.driveScript(); // "forward 12.3s, reverse 4s, forward"
   */
  driveScript(): string {
    const segments: Array<{ step: number; action: CommandAction }> = [{ step: 0, action: this.initial.action }];
    for (const c of this.list) {
      if (c.kind !== 'drive') continue;
      const last = segments[segments.length - 1]!;
      if (c.step === last.step) last.action = c.action;
      else if (c.action !== last.action) segments.push({ step: c.step, action: c.action });
    }
    // Merging may leave neighbours equal (a command at step 0 matching nothing before it).
    const merged = segments.filter((s, i) => i === 0 || s.action !== segments[i - 1]!.action);
    return merged
      .map((s, i) => {
        const next = merged[i + 1];
        return next ? `${s.action} ${formatSeconds((next.step - s.step) * this.stepS)}` : s.action;
      })
      .join(', ');
  }

  /** What the panel shows about the recorded commands; `music` and `medium` are those in force at `step`. */
  summary(step: number): WormControlsSummary {
    let music = this.initial.music;
    let medium = this.initial.medium;
    for (const c of this.list) {
      if (c.step > step) break;
      if (c.kind === 'music') music = c.music;
      else if (c.kind === 'medium') medium = c.medium;
    }
    return { script: this.driveScript(), count: this.list.length, music, medium };
  }

  private insert(control: WormControl): void {
    let i = this.list.length;
    while (i > 0 && this.list[i - 1]!.step > control.step) i--;
    this.list.splice(i, 0, control);
  }
}

/** Seconds as the script syntax writes them: up to milliseconds, no trailing zeros ("12.34s"). */
function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(3))}s`;
}
