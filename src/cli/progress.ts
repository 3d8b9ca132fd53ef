/**
 * Progress bars for long work, on stderr, via cli-progress. Silent when stderr is not a terminal or with --quiet,
 * so pipes and logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the fraction done, 0–1. */
  update(fraction: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar labelled `label`, or a silent one. */
export function createProgress(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label.padEnd(14)} {bar} {percentage}% | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0);
  let last = -1;
  return {
    update(fraction: number) {
      const v = Math.round(Math.min(1, Math.max(0, fraction)) * 1000);
      if (v !== last) {
        last = v;
        bar.update(v);
      }
    },
    stop() {
      bar.stop();
    },
  };
}
