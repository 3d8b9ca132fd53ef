/** `neuromusic worker --redis URL`: the options; the work is in worker-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import { quietOption } from './common-options.js';
import { numberIn } from './options.js';
import type { WorkerCliOptions } from './sweep-options.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('evaluate the jobs of `neuromusic sweep --redis` (run one per core, on any number of machines)')
    .requiredOption('--redis <url>', 'the Redis the sweep enqueues on (redis://host:port)')
    .addOption(new Option('--queue <name>', 'BullMQ queue name').default('neuromusic-sweep'))
    .addOption(new Option('--lock-seconds <s>', 'job lock: longer than the longest evaluation; a killed worker’s job is retried this long after (1–3600)').argParser(numberIn(1, 3600)).default(60))
    .addOption(quietOption())
    .action(async (opts: WorkerCliOptions) => (await import('./worker-run.js')).runWorker(opts));
}
