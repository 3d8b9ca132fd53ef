/**
 * The neural circuit: the command interneurons (AVB and PVC drive forward, AVA and AVD backward) and the
 * ventral-cord motor neurons in six classes (DB, DA, DD above; VD, VA, VB below) along the body, head at the left,
 * each lighting with its output (0–1). Synapses are drawn faintly and brighten with their presynaptic unit's
 * output: excitatory green, inhibitory red; a command interneuron's synapses onto a whole class run along that
 * class's row, the motor neurons' onto each other up and down their column.
 */
import { CanvasSurface, font } from '../canvas.js';
import { CLASS_COLOURS, glow } from './palette.js';
import type { WormDescription } from '../../engines/worm/messages.js';

/** Brightness bands of the synapses, and their colours (excitatory green, inhibitory red), made once. */
const LEVELS = 10;
const GREY: [number, number, number] = [200, 200, 200];
const SYNAPSE_COLOURS = [[110, 210, 150], [245, 105, 125]].map(([r, g, b]) =>
  Array.from({ length: LEVELS + 1 }, (_, k) => `rgba(${r}, ${g}, ${b}, ${(0.1 + (0.45 * k) / LEVELS).toFixed(3)})`));

/** Rows of motor-neuron classes, top to bottom: dorsal, then ventral mirrored. */
const ROWS = ['DB', 'DA', 'DD', 'VD', 'VA', 'VB'] as const;
/** Command interneurons and the row each sits beside. */
const COMMAND_ROW: Record<string, number> = { AVB: 0, AVA: 1, AVD: 4, PVC: 5 };

interface Placed {
  unit: number;
  cls: string;
  x: number;
  y: number;
  command: boolean;
}

interface Geometry {
  width: number;
  height: number;
  gridLeft: number;
  gridRight: number;
  rowY: number[];
  radius: number;
  commandRadius: number;
}

export class CircuitCanvas {
  private readonly surface: CanvasSurface;
  private description: WormDescription | undefined;
  private placed: Placed[] = [];
  /** Synapses between motor neurons, and between command interneurons. */
  private local: Array<{ a: Placed; b: Placed; excitatory: boolean; offset: number }> = [];
  /** A command interneuron's synapses onto one class row. */
  private buses: Array<{ from: Placed; row: number; excitatory: boolean }> = [];
  private geometry: Geometry | undefined;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  setCircuit(description: WormDescription): void {
    this.description = description;
    this.geometry = undefined;
  }

  /** Places every unit for the canvas's current size (device pixels). */
  private layout(W: number, H: number, dpr: number): Geometry {
    const d = this.description!;
    const columns = Math.max(1, new Set(d.motorNeurons.map((m) => m.position)).size);
    const gridLeft = 92 * dpr;
    const gridRight = W - 10 * dpr;
    const top = 30 * dpr;
    const bottom = 10 * dpr;
    const gap = 8 * dpr; // between the dorsal and the ventral half
    const rowH = (H - top - bottom - gap) / ROWS.length;
    const rowY = ROWS.map((_, r) => top + (r + 0.5) * rowH + (r >= 3 ? gap : 0));
    const colW = (gridRight - gridLeft) / columns;
    const byUnit = new Map<number, Placed>();
    const placed: Placed[] = [];
    for (const m of d.motorNeurons) {
      const row = ROWS.indexOf(m.cls as (typeof ROWS)[number]);
      if (row < 0) continue;
      const col = Math.min(columns - 1, Math.floor(m.position * columns));
      const p = { unit: m.unit, cls: m.cls, x: gridLeft + (col + 0.5) * colW, y: rowY[row]!, command: false };
      placed.push(p);
      byUnit.set(m.unit, p);
    }
    for (const [cmd, units] of Object.entries(d.commandNeurons)) {
      units.forEach((unit, k) => {
        const p = { unit, cls: cmd, x: (24 + 8 * k) * dpr, y: rowY[COMMAND_ROW[cmd]!]!, command: true };
        placed.push(p);
        byUnit.set(unit, p);
      });
    }
    this.placed = placed;
    this.local = [];
    const buses = new Map<string, { from: Placed; row: number; excitatory: boolean }>();
    for (const s of d.synapses) {
      const a = byUnit.get(s.pre);
      const b = byUnit.get(s.post);
      if (!a || !b) continue;
      if (a.command && !b.command) {
        const row = ROWS.indexOf(b.cls as (typeof ROWS)[number]);
        buses.set(`${a.unit}:${row}`, { from: a, row, excitatory: s.weight > 0 });
      } else {
        this.local.push({ a, b, excitatory: s.weight > 0, offset: (s.weight > 0 ? -1 : 1) * 3 * dpr });
      }
    }
    this.buses = [...buses.values()];
    const radius = Math.max(2.5 * dpr, Math.min(colW * 0.3, rowH * 0.34));
    return { width: W, height: H, gridLeft, gridRight, rowY, radius, commandRadius: Math.min(13 * dpr, rowH * 0.48) };
  }

  draw(state: Float32Array | undefined, neuronsAt: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    if (!this.description) return;
    if (!this.geometry || this.geometry.width !== W || this.geometry.height !== H) this.geometry = this.layout(W, H, dpr);
    const geo = this.geometry;
    const activity = (unit: number): number => (state ? Math.min(1, Math.max(0, state[neuronsAt + unit]!)) : 0);
    const synapseColour = (excitatory: boolean, level: number): string => SYNAPSE_COLOURS[excitatory ? 0 : 1]![Math.round(level * LEVELS)]!;

    g.lineWidth = dpr;
    // Command interneurons onto class rows: to the row's start, then along it.
    for (const { from, row, excitatory } of this.buses) {
      const level = activity(from.unit);
      const y = geo.rowY[row]!;
      g.strokeStyle = synapseColour(excitatory, level);
      g.lineWidth = (1 + 1.5 * level) * dpr;
      g.beginPath();
      g.moveTo(from.x, from.y);
      g.bezierCurveTo(from.x + 30 * dpr, from.y, geo.gridLeft - 30 * dpr, y, geo.gridLeft - 6 * dpr, y);
      g.lineTo(geo.gridRight, y);
      g.stroke();
    }
    g.lineWidth = dpr;
    // The synapses between motor neurons, one stroke per colour (sign × brightness band).
    for (let sign = 0; sign < 2; sign++) {
      for (let level = 0; level <= LEVELS; level++) {
        let any = false;
        for (const { a, b, excitatory, offset } of this.local) {
          if ((excitatory ? 0 : 1) !== sign || Math.round(activity(a.unit) * LEVELS) !== level) continue;
          if (!any) {
            g.strokeStyle = SYNAPSE_COLOURS[sign]![level]!;
            g.beginPath();
            any = true;
          }
          g.moveTo(a.command ? a.x : a.x + offset, a.y);
          // Mutual inhibition of the command interneurons: arcs at the far left.
          if (a.command && b.command) g.quadraticCurveTo(a.x - 22 * dpr, (a.y + b.y) / 2, b.x, b.y);
          else g.lineTo(b.x + offset, b.y);
        }
        if (any) g.stroke();
      }
    }

    for (const p of this.placed) {
      const level = activity(p.unit);
      const rgb = CLASS_COLOURS[p.cls] ?? GREY;
      const radius = p.command ? geo.commandRadius : geo.radius;
      if (level > 0.5) {
        g.fillStyle = glow(rgb, 1);
        g.globalAlpha = 0.3 * level;
        g.beginPath();
        g.arc(p.x, p.y, radius * 1.7, 0, 2 * Math.PI);
        g.fill();
        g.globalAlpha = 1;
      }
      g.fillStyle = glow(rgb, level);
      g.beginPath();
      g.arc(p.x, p.y, radius, 0, 2 * Math.PI);
      g.fill();
      if (p.command) {
        g.fillStyle = level > 0.55 ? '#0e1116' : '#c9d1dd';
        g.font = font(8.5, dpr, 700);
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.fillText(p.cls, p.x, p.y + 0.5 * dpr);
      }
    }
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    g.font = font(11, dpr, 650);
    ROWS.forEach((cls, row) => {
      const rgb = CLASS_COLOURS[cls]!;
      g.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
      g.fillText(cls, geo.gridLeft - 12 * dpr, geo.rowY[row]! - 8 * dpr);
    });
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.font = font(11, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText('neural circuit · head ◂ ventral cord ▸ tail', 10 * dpr, 6 * dpr);
    g.textAlign = 'right';
    g.fillText('dorsal ▴ ▾ ventral', W - 10 * dpr, 6 * dpr);
    g.textAlign = 'left';
  }
}
