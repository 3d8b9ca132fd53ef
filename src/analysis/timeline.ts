/**
 * Cluster timelines: a label per frame turned into segments (maximal runs of one label) with times in seconds.
 */

/** A run of frames in one cluster: frames [startFrame, endFrame), seconds [start, end). */
export interface ClusterSegment {
  cluster: number;
  startFrame: number;
  endFrame: number;
  start: number;
  end: number;
}

/**
 * Maximal runs of equal labels.
 * @example
 * clusterSegments([0, 0, 1, 1, 1, 0], 0.02);
 * // [{ cluster: 0, startFrame: 0, endFrame: 2, start: 0, end: 0.04 }, { cluster: 1, … }, { cluster: 0, … }]
 */
export function clusterSegments(labels: ArrayLike<number>, frameSeconds: number): ClusterSegment[] {
  const out: ClusterSegment[] = [];
  let start = 0;
  for (let t = 1; t <= labels.length; t++) {
    if (t === labels.length || labels[t] !== labels[start]) {
      out.push({ cluster: labels[start]!, startFrame: start, endFrame: t, start: start * frameSeconds, end: t * frameSeconds });
      start = t;
    }
  }
  return out;
}
