/**
 * The Composers view: watch the genetic composer evolve generation by generation — the fitness curve (best and mean
 * of each generation) and every term of the best song — and listen to the best so far; step the rule composer's
 * backtracking search event by event and hear the melody as far as it has placed it.
 */
import { el } from '../../app/dom.js';
import { CanvasSurface, font } from '../canvas.js';
import { PianoRoll } from '../score/piano-roll.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import { COMPOSER_ENGINE, type ComposerCommand, type ComposerEvent, type CurvePoint } from '../../engines/composers/messages.js';

class ComposerView implements ViewInstance {
  private readonly curveSurface: CanvasSurface;
  private readonly roll: PianoRoll;
  private curve: CurvePoint[] = [];
  private curveDirty = true;
  private readonly figures: HTMLElement;
  private readonly terms: HTMLElement;
  private readonly searchFigures: HTMLElement;
  private readonly listenGenetic: HTMLButtonElement;
  private readonly listenRules: HTMLButtonElement;
  private lastTime = 0;

  constructor(private readonly context: ViewContext) {
    const curveCanvas = el('canvas', { class: 'fitness-curve', 'aria-label': 'Fitness of each generation: best and mean' });
    const rollCanvas = el('canvas', { class: 'piano-roll', 'aria-label': 'The melody playing' });
    context.stage.append(el('div', { class: 'score-stage composer-stage' }, curveCanvas, rollCanvas));
    this.curveSurface = new CanvasSurface(curveCanvas);
    this.roll = new PianoRoll(rollCanvas);
    rollCanvas.addEventListener('click', (e) => {
      const box = rollCanvas.getBoundingClientRect();
      context.seek(Math.max(0, this.roll.timeAtX(e.clientX - box.left, this.lastTime)));
    });
    this.figures = el('dl', { class: 'genetic-figures' });
    this.terms = el('dl', { class: 'genetic-terms' });
    this.searchFigures = el('dl', { class: 'search-figures' });
    const button = (label: string, cls: string, command: ComposerCommand): HTMLButtonElement => {
      const b = el('button', { type: 'button', class: cls }, label);
      b.addEventListener('click', () => this.send(command));
      return b;
    };
    const population = el('input', { type: 'number', class: 'genetic-population', min: 4, max: 1000, step: 1, value: 100 });
    const bars = el('input', { type: 'number', class: 'genetic-bars', min: 1, max: 32, step: 1, value: 8 });
    const restart = el('button', { type: 'button', class: 'genetic-restart' }, 'Restart');
    restart.addEventListener('click', () => this.send({ kind: 'restart', population: Number(population.value), bars: Number(bars.value) }));
    this.listenGenetic = button('Listen to the best', 'listen-genetic', { kind: 'listen', to: 'genetic' });
    this.listenRules = button('Listen to the search', 'listen-rules', { kind: 'listen', to: 'rules' });
    context.panel.append(
      el('section', {},
        el('h2', {}, 'Genetic composer'),
        el('p', { class: 'hint' }, 'Songs seeded from the built-in corpus breed under an explicit weighted fitness; the seed in the transport bar seeds the run.'),
        el('div', { class: 'buttons' }, button('+1 generation', 'evolve-1', { kind: 'evolve', generations: 1 }), button('+10', 'evolve-10', { kind: 'evolve', generations: 10 }), button('+100', 'evolve-100', { kind: 'evolve', generations: 100 })),
        this.figures,
        el('h3', {}, 'Terms of the best song'),
        this.terms,
        el('label', { class: 'row' }, 'population', population),
        el('label', { class: 'row' }, 'bars', bars),
        el('div', { class: 'buttons' }, restart, this.listenGenetic),
      ),
      el('section', {},
        el('h2', {}, 'Rule composer'),
        el('p', { class: 'hint' }, 'A 16-note melody in C major by backtracking search under the melody rules: each step places, rejects or takes back one note.'),
        el('div', { class: 'buttons' }, button('Step', 'search-step-1', { kind: 'search-step', steps: 1 }), button('+10', 'search-step-10', { kind: 'search-step', steps: 10 }), button('To the end', 'search-run', { kind: 'search-step', steps: Infinity })),
        this.searchFigures,
        el('div', { class: 'buttons' }, button('Restart', 'search-restart', { kind: 'search-restart' }), this.listenRules),
      ),
    );
  }

  private send(command: ComposerCommand): void {
    this.context.command(command);
  }

  onEngineEvent(event: unknown): void {
    const e = event as ComposerEvent;
    const rows = (target: HTMLElement, attribute: string, items: Array<[string, string, number]>): void => {
      target.replaceChildren(...items.flatMap(([k, v, n]) => [el('dt', {}, k), el('dd', { [attribute]: k, 'data-value': n }, v)]));
    };
    if (e.kind === 'genetic') {
      this.curve = e.curve;
      this.curveDirty = true;
      rows(this.figures, 'data-genetic', [
        ['generation', String(e.generation), e.generation],
        ['best fitness', e.best.toFixed(4), e.best],
        ['found in generation', String(e.bestGeneration), e.bestGeneration],
        ['mean fitness', (e.curve[e.curve.length - 1]?.mean ?? 0).toFixed(4), e.curve[e.curve.length - 1]?.mean ?? 0],
        ['distinct songs', `${e.distinct} of ${e.population}`, e.distinct],
        ['melody', `${e.bars} bars in ${e.key}`, e.bars],
      ]);
      rows(this.terms, 'data-term', Object.entries(e.terms).map(([t, v]) => [t, v === null ? 'not counted' : `${v.toFixed(3)} × ${e.weights[t]}`, v ?? Number.NaN]));
    } else if (e.kind === 'search') {
      rows(this.searchFigures, 'data-search', [
        ['placed', `${e.placed} of ${e.length}`, e.placed],
        ['nodes', String(e.nodes), e.nodes],
        ['backtracks', String(e.backtracks), e.backtracks],
        ['deepest', String(e.maxDepth), e.maxDepth],
        ['state', e.outcome, ['running', 'solution', 'exhausted', 'budget'].indexOf(e.outcome)],
        ['last step', e.last, 0],
      ]);
    } else if (e.kind === 'playing') {
      this.roll.setScore(e.score);
      this.listenGenetic.classList.toggle('active', e.to === 'genetic');
      this.listenRules.classList.toggle('active', e.to === 'rules');
    }
  }

  draw(frame: ViewFrame): void {
    this.lastTime = frame.time;
    this.roll.draw(frame.time);
    if (this.curveDirty || this.curveSurface.width !== Math.round(this.curveSurface.canvas.clientWidth * (window.devicePixelRatio || 1))) this.drawCurve();
  }

  private drawCurve(): void {
    const g = this.curveSurface.begin();
    if (!g) return;
    this.curveDirty = false;
    const { width: w, height: h, dpr } = this.curveSurface;
    g.clearRect(0, 0, w, h);
    const pad = 36 * dpr;
    const points = this.curve;
    if (points.length === 0) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, p.mean, p.best);
      hi = Math.max(hi, p.best);
    }
    if (hi - lo < 1e-3) lo = hi - 1e-3;
    const last = Math.max(1, points[points.length - 1]!.generation);
    const x = (gen: number): number => pad + ((w - 2 * pad) * gen) / last;
    const y = (f: number): number => h - pad - ((h - 2 * pad) * (f - lo)) / (hi - lo);
    g.strokeStyle = 'rgba(128,128,128,0.4)';
    g.lineWidth = dpr;
    g.strokeRect(pad, pad, w - 2 * pad, h - 2 * pad);
    for (const [key, colour] of [['mean', '#f58518'], ['best', '#4c78a8']] as const) {
      g.strokeStyle = colour;
      g.lineWidth = 2 * dpr;
      g.beginPath();
      points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.generation), y(p[key])) : g.lineTo(x(p.generation), y(p[key]))));
      g.stroke();
    }
    g.fillStyle = '#888';
    g.font = font(11, dpr);
    g.fillText(`fitness ${hi.toFixed(3)}`, pad, pad - 8 * dpr);
    g.fillText(lo.toFixed(3), 4 * dpr, h - pad);
    g.fillText(`generation ${last}`, w - pad - 90 * dpr, h - pad + 16 * dpr);
    g.fillStyle = '#4c78a8';
    g.fillText('best', pad + 8 * dpr, pad + 16 * dpr);
    g.fillStyle = '#f58518';
    g.fillText('mean', pad + 48 * dpr, pad + 16 * dpr);
  }

  dispose(): void {}
}

export const composerView: StudioView = {
  id: 'composers',
  title: 'Composers',
  engine: COMPOSER_ENGINE,
  mount: (context) => new ComposerView(context),
};
