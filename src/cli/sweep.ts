/** `neuromusic sweep SPEC.json`: the options; the work is in sweep-run.ts, loaded when the command runs. */
import { Option, type Command } from 'commander';
import { fileWithExtension, jsonOption, quietOption, reportOption } from './common-options.js';
import { numberIn } from './options.js';
import type { SweepCliOptions } from './sweep-options.js';

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a parameter search (grid, random, Latin hypercube, Nelder–Mead, CMA-ES) on every core or on a BullMQ/Redis cluster')
    .argument('<spec.json>', 'the search: parameters, objective, strategy and budget (see docs/search.md; examples/ has some)')
    .addOption(new Option('--workers <n>', 'worker threads on this machine, ignored with --redis (default: every core)').argParser(numberIn(1, 1024, { integer: true })))
    .addOption(new Option('--redis <url>', 'enqueue the evaluations on BullMQ at this Redis (redis://host:port); `neuromusic worker` processes evaluate them'))
    .addOption(new Option('--queue <name>', 'BullMQ queue name (with --redis)').default('neuromusic-sweep'))
    .addOption(new Option('--out <results.jsonl>', 'the results file, one JSON line per evaluation (default: out/<spec name>.results.jsonl)').argParser(fileWithExtension('.jsonl')))
    .addOption(new Option('--resume', 'continue the search recorded in --out: evaluations already there are not repeated'))
    .addOption(reportOption('an HTML report: best points, convergence, the objective against each parameter, a heat map'))
    .addOption(jsonOption('the best point and the run’s figures'))
    .addOption(quietOption())
    .action(async (spec: string, opts: SweepCliOptions) => (await import('./sweep-run.js')).runSweep(spec, opts));
}
