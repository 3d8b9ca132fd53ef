/**
 * Progress of long work, on stderr: a bar (cli-progress) on a terminal; when stderr is a pipe or a log file, one
 * plain line every few seconds (`neuromusic: simulating 42 % after 10 s, about 14 s left`), so a run under nohup, CI
 * or a job scheduler shows it is alive without filling the log with bar redraws. Work shorter than the interval
 * prints nothing. Silent with --quiet. The interval is 5 s; `NEUROMUSIC_PROGRESS_SECONDS` changes it.
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
  if (quiet) return SILENT;
  if (!process.stderr.isTTY) return logProgress(label, progressIntervalSeconds());
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

/** Seconds between progress lines when stderr is not a terminal. */
function progressIntervalSeconds(): number {
  const value = Number(process.env['NEUROMUSIC_PROGRESS_SECONDS']);
  return Number.isFinite(value) && value > 0 ? value : 5;
}

/**
 * A progress reporter for logs: a line at most every `intervalSeconds` (the first after one interval), with the
 * fraction, the time spent and a linear estimate of the time left.
 */
export function logProgress(label: string, intervalSeconds: number, write: (line: string) => void = (line) => process.stderr.write(line)): Progress {
  const t0 = performance.now();
  let next = t0 + intervalSeconds * 1000;
  return {
    update(fraction: number) {
      const now = performance.now();
      if (now < next) return;
      next = now + intervalSeconds * 1000;
      const f = Math.min(1, Math.max(0, fraction));
      const elapsed = (now - t0) / 1000;
      const left = f > 0.01 ? ` , about ${duration((elapsed * (1 - f)) / f)} left`.replace(' ,', ',') : '';
      write(`neuromusic: ${label} ${(100 * f).toFixed(0)} % after ${duration(elapsed)}${left}\n`);
    },
    stop() {
      next = Number.POSITIVE_INFINITY;
    },
  };
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
