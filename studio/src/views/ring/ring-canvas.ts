/**
 * The ring: N nodes on a circle (node 0 at the top, clockwise), each a disc coloured by the pitch it last played,
 * flashing when it fires, with an arc showing its accumulator's charge toward the threshold; a firing triggered by
 * another node's signal draws a chord from that node; around them the speakers, each serving an arc of nodes, lit
 * by the notes they sound. Speaker 1 sits in front (the top) and the ring runs clockwise, as the stereo panning
 * places them.
 */
import { CanvasSurface, font } from '../canvas.js';
import { RingStateLayout } from '../../engines/ring/messages.js';
import { speakerOfNode } from 'neuromusic/nodal';

/** Firings drawn as chords for this long after they happen (s). */
const CHORD_SECONDS = 0.6;
const CAPACITY = 2048;

/** A colour for a MIDI pitch: low blue through green and yellow to high red. */
export function pitchColour(pitch: number, lightness = 62): string {
  const x = Math.min(1, Math.max(0, (pitch - 36) / 60));
  return `hsl(${Math.round(230 - 230 * x)}, 80%, ${lightness}%)`;
}

export class RingCanvas {
  private readonly surface: CanvasSurface;
  private nodes = 0;
  private speakers = 1;
  private recoverySeconds = 0.1;
  private readonly fTime = new Float64Array(CAPACITY);
  private readonly fNode = new Int16Array(CAPACITY);
  private readonly fCause = new Int16Array(CAPACITY);
  private readonly fPitch = new Float32Array(CAPACITY);
  private fHead = 0;
  private fCount = 0;
  private lastCollected = -Infinity;
  /** Node positions for hit testing (CSS pixels), and their radius. */
  private xs = new Float32Array(0);
  private ys = new Float32Array(0);
  private hitRadius = 0;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  setNetwork(nodes: number, speakers: number, recoverySeconds: number): void {
    this.nodes = nodes;
    this.speakers = speakers;
    this.recoverySeconds = recoverySeconds;
    this.xs = new Float32Array(nodes);
    this.ys = new Float32Array(nodes);
    this.fCount = this.fHead = 0;
  }

  /** Keeps the firings a state lists (states come in time order; an earlier one means the engine went back). */
  collect(time: number, state: Float32Array, layout: RingStateLayout): void {
    if (time < this.lastCollected) this.fCount = this.fHead = 0;
    this.lastCollected = time;
    const n = state[RingStateLayout.FIRINGS]!;
    for (let k = 0; k < n; k++) {
      const at = layout.firings + k * RingStateLayout.FIRING_FIELDS;
      this.fNode[this.fHead] = state[at]!;
      this.fCause[this.fHead] = state[at + 1]!;
      this.fPitch[this.fHead] = state[at + 2]!;
      this.fTime[this.fHead] = state[at + 4]!;
      this.fHead = (this.fHead + 1) % CAPACITY;
      if (this.fCount < CAPACITY) this.fCount++;
    }
  }

  /** The node under a point (CSS pixels), or −1. */
  nodeAt(x: number, y: number): number {
    let best = -1;
    let bestD = this.hitRadius;
    for (let i = 0; i < this.nodes; i++) {
      const d = Math.hypot(x - this.xs[i]!, y - this.ys[i]!);
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    }
    return best;
  }

  private angleOfNode(i: number): number {
    // Each speaker's arc of nodes is centred on the speaker's angle.
    return -Math.PI / 2 + (2 * Math.PI * (i + 0.5 - this.nodes / (2 * this.speakers))) / this.nodes;
  }

  draw(state: Float32Array | undefined, layout: RingStateLayout | undefined, time: number, noteSeconds: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    const N = this.nodes;
    if (!state || !layout || N === 0) return;
    const cx = W / 2;
    const cy = H / 2 + 6 * dpr;
    const R = Math.min(W, H) * 0.34;
    const r = Math.max(3 * dpr, Math.min(16 * dpr, ((Math.PI * R) / N) * 0.62));
    for (let i = 0; i < N; i++) {
      const a = this.angleOfNode(i);
      this.xs[i] = (cx + R * Math.cos(a)) / dpr;
      this.ys[i] = (cy + R * Math.sin(a)) / dpr;
    }
    this.hitRadius = (r / dpr) * 1.6;
    const nx = (i: number): number => this.xs[i]! * dpr;
    const ny = (i: number): number => this.ys[i]! * dpr;

    // Guide circle and the speakers around it.
    g.strokeStyle = '#1d232d';
    g.lineWidth = dpr;
    g.beginPath();
    g.arc(cx, cy, R, 0, 2 * Math.PI);
    g.stroke();
    const S = this.speakers;
    const speakerLevel = new Float32Array(S);
    const first = (this.fHead - this.fCount + CAPACITY) % CAPACITY;
    for (let k = 0; k < this.fCount; k++) {
      const j = (first + k) % CAPACITY;
      const age = time - this.fTime[j]!;
      if (age < 0 || age > noteSeconds) continue;
      const s = speakerOfNode(this.fNode[j]!, N, S);
      speakerLevel[s] = Math.max(speakerLevel[s]!, 1 - age / noteSeconds);
    }
    const Rs = R + Math.max(34 * dpr, r * 3.2);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    for (let s = 0; s < S; s++) {
      const a = -Math.PI / 2 + (2 * Math.PI * s) / S;
      const x = cx + Rs * Math.cos(a);
      const y = cy + Rs * Math.sin(a);
      const level = speakerLevel[s]!;
      g.save();
      g.translate(x, y);
      g.rotate(a + Math.PI / 2);
      g.fillStyle = level > 0 ? `rgba(242, 201, 76, ${(0.25 + 0.75 * level).toFixed(3)})` : '#1f2530';
      g.beginPath();
      g.roundRect(-9 * dpr, -6 * dpr, 18 * dpr, 12 * dpr, 3 * dpr);
      g.fill();
      g.restore();
      g.fillStyle = level > 0.4 ? '#0e1116' : '#8b94a3';
      g.font = font(9, dpr, 700);
      g.fillText(String(s + 1), x, y);
    }

    // Chords: recent firings triggered by another node's signal; external firings spark from the centre.
    g.lineCap = 'round';
    for (let k = 0; k < this.fCount; k++) {
      const j = (first + k) % CAPACITY;
      const age = time - this.fTime[j]!;
      if (age < 0 || age > CHORD_SECONDS) continue;
      const node = this.fNode[j]!;
      const cause = this.fCause[j]!;
      g.globalAlpha = 0.75 * (1 - age / CHORD_SECONDS);
      g.strokeStyle = pitchColour(this.fPitch[j]!);
      g.lineWidth = 1.5 * dpr;
      g.beginPath();
      if (cause >= 0) {
        g.moveTo(nx(cause), ny(cause));
        g.quadraticCurveTo(cx, cy, nx(node), ny(node));
      } else {
        g.moveTo(cx, cy);
        g.lineTo(nx(node), ny(node));
      }
      g.stroke();
    }
    g.globalAlpha = 1;

    // Nodes: the pitch they last played, a flash when they fire, the charge arc, dimmed while recovering.
    for (let i = 0; i < N; i++) {
      const x = nx(i);
      const y = ny(i);
      const last = state[layout.lastFiring + i]!;
      const since = time - last;
      // lastFiringSeconds is 0 until a node first fires (the start-up firings begin at 0 too: a hair's error).
      const flash = last > 0 && since >= 0 ? Math.exp(-since / 0.15) : 0;
      const pitch = state[layout.pitches + i]!;
      if (flash > 0.05) {
        g.fillStyle = pitchColour(pitch, 70);
        g.globalAlpha = 0.35 * flash;
        g.beginPath();
        g.arc(x, y, r * (1.4 + 1.2 * flash), 0, 2 * Math.PI);
        g.fill();
        g.globalAlpha = 1;
      }
      g.fillStyle = pitchColour(pitch, 22 + 50 * flash);
      g.beginPath();
      g.arc(x, y, r, 0, 2 * Math.PI);
      g.fill();
      const charge = Math.min(1, Math.max(0, state[layout.accumulators + i]!));
      const recovering = last > 0 && since >= 0 && since < this.recoverySeconds;
      g.strokeStyle = recovering ? '#3a4150' : '#e6eaf0';
      g.lineWidth = 2 * dpr;
      g.beginPath();
      g.arc(x, y, r + 3 * dpr, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * (recovering ? 1 : charge));
      g.stroke();
    }

    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.font = font(11, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText(`ring · ${N} nodes · ${S} speaker${S === 1 ? '' : 's'} · click a node to fire it`, 10 * dpr, 8 * dpr);
  }
}
