/**
 * Loss curves recorded while training, kept as plain data for reports (`lossCurvesSpec` makes the Vega-Lite plot).
 */
import type { PlotSpec } from '../report/plot.js';

/** One recorded curve: loss after each step (epoch, iteration) of one optimiser. */
export interface LossCurve {
  /** What was minimised and how, e.g. "Adam (mean minibatch loss per epoch)". */
  label: string;
  step: number[];
  loss: number[];
}

/**
 * A Vega-Lite line chart of loss curves on a log scale, one colour per curve; curves that follow one another
 * (Adam then L-BFGS) can be drawn on one axis by giving them consecutive steps.
 * @example
 * const svg = await plotSvg(lossCurvesSpec([{ label: 'Adam', step: [1, 2, 3], loss: [0.9, 0.5, 0.4] }], 'Step 5: MLP'));
 */
export function lossCurvesSpec(curves: LossCurve[], title = 'Training loss'): PlotSpec {
  const values = curves.flatMap((c) => c.step.map((s, i) => ({ curve: c.label, step: s, loss: c.loss[i]! })));
  return {
    title,
    width: 520,
    height: 240,
    data: { values: values.filter((v) => v.loss > 0 && Number.isFinite(v.loss)) },
    mark: { type: 'line', point: values.length < 60 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step (epoch or iteration)' },
      y: { field: 'loss', type: 'quantitative', scale: { type: 'log' }, title: 'loss' },
      color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 } },
    },
  };
}
