/**
 * A guiding contour that the user redraws while the network plays (McIlwain & Pietsch 1996, §4.1: the flocks
 * follow "the user's generalised path"). The network reads it through one PointContour object whose arrays are
 * replaced on each edit; an edit keeps every point before the moment it takes effect, so the contour is one
 * function of time over the whole performance — what was heard before an edit stays what a re-run computes there.
 */
import { contourValue, pointContour, type PointContour, defaultContours } from 'neuromusic/nodal';
import type { ContourPoints } from './messages.js';

/** Seconds the default contours span (the CLI's for a one-minute piece); they hold their last values after. */
export const DEFAULT_CONTOUR_SECONDS = 60;

/** The default pitch and velocity contours as points (defaultContours builds point contours). */
export function defaultPointContours(): { pitch: PointContour; velocity: PointContour } {
  const d = defaultContours(DEFAULT_CONTOUR_SECONDS);
  return { pitch: d.pitch as PointContour, velocity: d.velocity as PointContour };
}

/** A point contour as [seconds, value] pairs. */
export function contourPoints(c: PointContour): ContourPoints {
  return Array.from(c.timesSeconds, (t, i) => [t, c.values[i]!] as [number, number]);
}

export class LiveContour {
  /** The object the network reads (its arrays change on each edit; the object stays the same). */
  readonly contour: PointContour;
  private readonly initial: PointContour;

  constructor(initial: PointContour) {
    this.initial = { timesSeconds: initial.timesSeconds.slice(), values: initial.values.slice() };
    this.contour = { timesSeconds: initial.timesSeconds.slice(), values: initial.values.slice() };
  }

  /** The value at `seconds` (linear between points, held beyond the ends; binary search, no allocation). */
  at(seconds: number): number {
    const t = this.contour.timesSeconds;
    const v = this.contour.values;
    const last = t.length - 1;
    if (seconds <= t[0]!) return v[0]!;
    if (seconds >= t[last]!) return v[last]!;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid]! <= seconds) lo = mid;
      else hi = mid;
    }
    const span = t[hi]! - t[lo]!;
    return span <= 0 ? v[hi]! : v[lo]! + ((v[hi]! - v[lo]!) * (seconds - t[lo]!)) / span;
  }

  /**
   * Replaces the contour from `cut` = max(`now`, the stroke's first time) on with the stroke: the old contour up
   * to the cut, a point there with its old value (the stroke may leap from it: the flock then cascades after it,
   * §4.3), the stroke's points from the cut on, and the stroke's last value held after it. `now` is the engine
   * time up to which the network has already read the contour.
   * @example
   * pitch.edit([[12, 72], [20, 84]], 10.2); // from 12 s: a rise from C5 to C6 over 8 s
   */
  edit(stroke: ContourPoints, now: number): void {
    if (stroke.length === 0) throw new RangeError('a contour stroke needs at least one point');
    for (let i = 0; i < stroke.length; i++) {
      const [t, v] = stroke[i]!;
      if (!Number.isFinite(t) || !Number.isFinite(v)) throw new RangeError(`contour point ${i} is not finite`);
      if (i > 0 && t < stroke[i - 1]![0]) throw new RangeError(`contour times must not decrease (point ${i})`);
    }
    const cut = Math.max(now, stroke[0]![0]);
    const old = this.contour;
    const kept: Array<[number, number]> = [];
    for (let i = 0; i < old.timesSeconds.length && old.timesSeconds[i]! < cut; i++) kept.push([old.timesSeconds[i]!, old.values[i]!]);
    kept.push([cut, contourValue(old, cut)]);
    // The stroke from the cut on: its value at the cut (interpolated when it began earlier), then its later points.
    const fromCut = stroke.filter(([t]) => t > cut);
    kept.push([cut, contourValue(pointContour(stroke), cut)], ...fromCut);
    const next = pointContour(kept);
    old.timesSeconds = next.timesSeconds;
    old.values = next.values;
  }

  /** The contour it started with, as points. */
  initialPoints(): ContourPoints {
    return contourPoints(this.initial);
  }

  /** The points, for the view. */
  points(): ContourPoints {
    return contourPoints(this.contour);
  }
}
