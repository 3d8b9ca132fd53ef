/** The option values of `neuromusic sweep` and `neuromusic worker`, shared by the registration and run files. */

/** The option values of `neuromusic sweep`. */
export interface SweepCliOptions {
  workers?: number;
  redis?: string;
  queue: string;
  out?: string;
  resume?: boolean;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}

/** The option values of `neuromusic worker`. */
export interface WorkerCliOptions {
  redis: string;
  queue: string;
  lockSeconds: number;
  quiet?: boolean;
}
