/** `neuromusic surrogate train|eval|ablation`: the options; the work is in surrogate-run.ts, loaded when a subcommand runs. */
import { Option, type Command } from 'commander';
import { jsonOption, quietOption, reportOption, seedOption } from './common-options.js';
import { numberIn, oneOf } from './options.js';
import { BUDGET_CLOCKS, LOSS_VARIANTS, type SurrogateAblationOptions, type SurrogateEvalOptions, type SurrogateTrainOptions } from './surrogate-options.js';

export { BUDGET_CLOCKS, LOSS_VARIANTS, type BudgetClock, type LossVariant, type SurrogateAblationOptions, type SurrogateEvalOptions, type SurrogateTrainOptions } from './surrogate-options.js';


export function registerSurrogate(program: Command): void {
  const cmd = program
    .command('surrogate')
    .description('a TCN surrogate of the ASHLE drummer, trained physics-informed on the CPU: train, evaluate, ablate');
  cmd
    .command('train')
    .description('train the surrogate on synthetic songs for a wall-clock budget; continues from the checkpoint in --out')
    .option('--minutes <m>', 'training budget in minutes, counting the sessions of a continued run (0.1–600)', numberIn(0.1, 600), 15)
    .addOption(new Option('--clock <kind>', 'what --minutes counts: wall (wall-clock time) or cpu (this process\'s CPU time: on a busy machine, what the minutes would buy on an idle core)').argParser(oneOf(BUDGET_CLOCKS)).default('wall'))
    .addOption(seedOption(0, 'the initial weights and the batches'))
    .option('--out <dir>', 'folder for model.json, weights.bin and the checkpoint (created when missing)', 'surrogate-model')
    .addOption(reportOption('an HTML report: training curves, figure 9, the figures'))
    .addOption(new Option('--loss <variant>', `the loss: ${LOSS_VARIANTS.join(', ')}`).argParser(oneOf(LOSS_VARIANTS)).default('full'))
    .option('--max-steps <n>', 'stop after this many steps even within the budget (default: none)', numberIn(1, 1e7, { integer: true }))
    .option('--songs <n>', 'training songs of 30 s (2–500)', numberIn(2, 500, { integer: true }), 200)
    .option('--batch <n>', 'songs per step (1–64)', numberIn(1, 64, { integer: true }), 4)
    .option('--attention <heads>', 'heads of a causal self-attention layer after the convolutions, 0 for none; they divide the 32 channels (0–32)', numberIn(0, 32, { integer: true }), 0)
    .option('--attention-window <frames>', 'frames each attention output sees, its own and the ones before it (64 = 1 s) (1–1024)', numberIn(1, 1024, { integer: true }), 64)
    .option('--fresh', 'ignore a checkpoint in --out and start afresh')
    .addOption(jsonOption('the run and its figures'))
    .addOption(quietOption())
    .action(async (opts: SurrogateTrainOptions) => (await import('./surrogate-run.js')).runSurrogateTrain(opts));
  cmd
    .command('eval')
    .description('measure a trained surrogate against ASHLE on held-out and extrapolation songs')
    .argument('[model]', 'folder with model.json and weights.bin (default: the model shipped with neuromusic)')
    .option('--songs <n>', 'held-out songs (the extrapolation set has two thirds as many) (1–200)', numberIn(1, 200, { integer: true }), 12)
    .addOption(reportOption('an HTML report: figure 9 and the figures'))
    .addOption(jsonOption('the figures'))
    .action(async (model: string | undefined, opts: SurrogateEvalOptions) => (await import('./surrogate-run.js')).runSurrogateEval(model, opts));
  cmd
    .command('ablation')
    .description('train every loss variant with several seeds (two runs at a time at most) and compare them')
    .option('--minutes <m>', 'training budget of each run, minutes (0.1–120)', numberIn(0.1, 120), 3)
    .addOption(new Option('--clock <kind>', 'what --minutes counts: wall or cpu (each run\'s own CPU time, fair between runs on a busy machine)').argParser(oneOf(BUDGET_CLOCKS)).default('cpu'))
    .option('--seeds <n>', 'seeds per variant (1–20)', numberIn(1, 20, { integer: true }), 3)
    .option('--variants <list>', `comma-separated variants among ${LOSS_VARIANTS.join(', ')}`, LOSS_VARIANTS.join(','))
    .option('--parallel <n>', 'runs at a time (1–2)', numberIn(1, 2, { integer: true }), 2)
    .option('--out <dir>', 'folder for the runs (each resumable) (created when missing)', 'surrogate-ablation')
    .addOption(reportOption('an HTML report with the ablation table'))
    .addOption(jsonOption('the table'))
    .addOption(quietOption())
    .action(async (opts: SurrogateAblationOptions) => (await import('./surrogate-run.js')).runSurrogateAblation(opts));
}
