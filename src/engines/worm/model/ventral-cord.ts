/**
 * The ventral-cord locomotion circuit of Boyle, Berri & Cohen (2012, §2.2), extended with the A-class backward
 * circuit and explicit D-class and command interneurons:
 *
 * - N repeated units along the body (BBC: 12, each over 4 of the 48 segments). Each unit has excitatory B-class
 *   (DB, VB: forward) and A-class (DA, VA: backward) motor neurons and GABAergic D-class neurons (DD, VD).
 * - B and A neurons are bistable (plateau potentials): ON above θ = 0.75, OFF below θ − hysteresis = 0.25 (BBC).
 * - Proprioception: a B neuron senses the stretch of its own side over its own and the next posterior units
 *   (N_SR = 6 units, half the body; BBC), with weights growing toward the tail, w_u = 0.65(0.4 + 0.08u)·(2/4).
 *   A neurons mirror this with an anterior-facing field (as the A-class processes run anteriorly; Haspel &
 *   O'Donovan 2011, and the backward model of openworm/CE_locomotion after Olivares, Izquierdo & Beer).
 * - The A-class circuit is the B-class circuit mirrored end to end (our assumption): besides the anterior-facing
 *   field, its stretch-receptor weights grow toward the head and its NMJ weights toward the tail, so that in
 *   backward locomotion the leading end — the tail — bends most, as the head does going forward. (With BBC's
 *   forward gradients the backward wave ran but moved the worm at a fifth of the forward speed on agar; mirroring
 *   only the receptor weights gave a nearly standing wave.)
 *   Truncated fields at the body's ends are rescaled by √(N_SR / units in field) (BBC's intent; their program uses
 *   integer division inside the root).
 * - D-class: VD is excited by DB and DA (cholinergic), DD by VB and VA. Neural inhibition runs one way, VD ⊣ VB and
 *   VD ⊣ VA (White et al. 1986: DD makes no synapses onto DB), and a tonic bias I_bias = 0.5 on the ventral B and A
 *   neurons compensates for it (BBC). The connectome agrees: Cook et al. 2019 list 221 DB→VD and 279 VB→DD
 *   synapses, 28 VD→VB and 70 VD→VA, and no DD→DB chemical synapse.
 * - Neuromuscular junctions: a dorsal muscle gets w_NMJ·(r_DB − r_DD) + w′_NMJ·r_DA, a ventral one
 *   w_NMJ·(r_VB − r_VD) + w′_NMJ·r_VA — excitation from its own side, GABAergic inhibition driven by the other side
 *   (BBC's V_in,D = w(s_D − s_V)). w_NMJ = 0.7(1 − 0.6·j/48) for segment j, the head's first segment divided by 1.5
 *   (BBC); w′_NMJ is the same gradient mirrored (strong at the tail).
 * - Command interneurons AVB and PVC (forward) drive every B neuron, AVA and AVD (backward) every A neuron, each pair
 *   supplying BBC's tonic I_AVB = 0.675 at full activity (AVB → B-class mostly by gap junctions, AVA → A-class;
 *   Chalfie et al. 1985, White et al. 1986). The forward and backward pairs inhibit each other, so one direction wins
 *   (the assumption of a winner-take-all command layer; Roberts et al. 2016 describe the AVA/AVB antagonism).
 *   An external forward and backward drive is the command input. The command state also gates each class: the
 *   proprioceptive input, the ventral bias and the head bias of B neurons are multiplied by the mean activity of
 *   AVB and PVC, those of A neurons by that of AVA and AVD (our assumption, standing for the command
 *   interneurons' gap junctions that set the motor neurons' excitability — Kawano et al. 2011, Neuron 72:572 — and
 *   for CE_locomotion's switching of the inactive class's stretch-receptor gain). Without it, stretch alone can
 *   switch the idle class on.
 * - Turns: a head bias adds to the ventral and subtracts from the dorsal B and A neurons of the first units (a
 *   positive bias bends the head ventrally; with the body's ventral side on its left in the plane, that is a left,
 *   counter-clockwise turn).
 */
import { BODY_WALL_MUSCLES, MUSCLES_PER_QUADRANT } from './anatomy.js';
import type { MotorCircuit, ProprioceptiveInput } from './motor-circuit.js';
import type { NetworkSpec, UnitSpec } from './network.js';
import type { NeuralParams } from './params.js';

/**
 * Builds the ventral-cord circuit for a body of `segments` segments.
 * @example
 * const circuit = ventralCordCircuit(DEFAULT_PARAMS.neural, 48); // 12 units × 6 neurons + 4 command interneurons
 */
export function ventralCordCircuit(p: NeuralParams, segments: number): MotorCircuit {
  const nUnits = p.units;
  if (segments % nUnits !== 0) throw new RangeError(`${segments} segments do not divide into ${nUnits} neural units`);
  const segPerUnit = segments / nUnits;
  const units: UnitSpec[] = [];
  const add = (u: UnitSpec): number => units.push(u) - 1;
  const bistable = (name: string, bias: number): UnitSpec => ({
    name, tauS: p.motorTauS, threshold: p.onThreshold, gain: p.motorGain, selfWeight: p.hysteresis, bias,
  });
  const relay = (name: string): UnitSpec => ({ name, tauS: p.motorTauS, threshold: 0.5, gain: p.motorGain, selfWeight: 0, bias: 0 });
  const commandUnit = (name: string): UnitSpec => ({ name, tauS: p.commandTauS, threshold: 0.5, gain: 10, selfWeight: 0, bias: 0 });

  const AVB = add(commandUnit('AVB'));
  const PVC = add(commandUnit('PVC'));
  const AVA = add(commandUnit('AVA'));
  const AVD = add(commandUnit('AVD'));
  const idx = { DB: [] as number[], VB: [] as number[], DA: [] as number[], VA: [] as number[], DD: [] as number[], VD: [] as number[] };
  for (let u = 0; u < nUnits; u++) {
    const label = (c: string): string => `${c}[${u + 1}]`;
    idx.DB.push(add(bistable(label('DB'), 0)));
    idx.VB.push(add(bistable(label('VB'), 0)));
    idx.DA.push(add(bistable(label('DA'), 0)));
    idx.VA.push(add(bistable(label('VA'), 0)));
    idx.DD.push(add(relay(label('DD'))));
    idx.VD.push(add(relay(label('VD'))));
  }

  const chemical: NetworkSpec['chemical'] = [];
  const syn = (pre: number, post: number, weight: number): void => void chemical.push({ pre, post, weight });
  // Command layer: forward and backward pairs inhibit each other.
  for (const f of [AVB, PVC]) for (const b of [AVA, AVD]) {
    syn(f, b, -p.commandInhibition);
    syn(b, f, -p.commandInhibition);
  }
  for (let u = 0; u < nUnits; u++) {
    for (const cmd of [AVB, PVC]) {
      syn(cmd, idx.DB[u]!, p.forwardDrive / 2);
      syn(cmd, idx.VB[u]!, p.forwardDrive / 2);
    }
    for (const cmd of [AVA, AVD]) {
      syn(cmd, idx.DA[u]!, p.backwardDrive / 2);
      syn(cmd, idx.VA[u]!, p.backwardDrive / 2);
    }
    syn(idx.DB[u]!, idx.VD[u]!, 1);
    syn(idx.DA[u]!, idx.VD[u]!, 1);
    syn(idx.VB[u]!, idx.DD[u]!, 1);
    syn(idx.VA[u]!, idx.DD[u]!, 1);
    syn(idx.VD[u]!, idx.VB[u]!, -p.dInhibition);
    syn(idx.VD[u]!, idx.VA[u]!, -p.dInhibition);
  }
  const gap: NetworkSpec['gap'] = [];
  if (p.neighbourCoupling > 0) {
    for (const cls of ['DB', 'VB', 'DA', 'VA'] as const) {
      for (let u = 0; u + 1 < nUnits; u++) gap.push({ a: idx[cls][u]!, b: idx[cls][u + 1]!, conductance: p.neighbourCoupling });
    }
  }

  // Proprioception: B posterior-facing, A anterior-facing, over N_SR units.
  const proprioception: ProprioceptiveInput[] = [];
  for (let u = 0; u < nUnits; u++) {
    const bFirst = u;
    const bLast = Math.min(nUnits - 1, u + p.stretchReceptorUnits - 1);
    const aFirst = Math.max(0, u - p.stretchReceptorUnits + 1);
    const aLast = u;
    const fields = [
      { units: [idx.DB[u]!, idx.VB[u]!], first: bFirst, last: bLast, weight: stretchWeight(p, u), gate: 'forward' as const },
      { units: [idx.DA[u]!, idx.VA[u]!], first: aFirst, last: aLast, weight: stretchWeight(p, nUnits - 1 - u), gate: 'backward' as const },
    ];
    for (const f of fields) {
      const span = f.last - f.first + 1;
      const scale = f.weight * Math.sqrt(p.stretchReceptorUnits / span) * (nUnits / 12) * (2 / segPerUnit);
      const field = { firstSegment: f.first * segPerUnit, endSegment: (f.last + 1) * segPerUnit, weight: scale, gate: f.gate };
      proprioception.push({ unit: f.units[0]!, side: 'dorsal', ...field }, { unit: f.units[1]!, side: 'ventral', ...field });
    }
  }

  // Neuromuscular junctions: muscle m (1–24) of each quadrant lies over segments 2(m−1), 2m−1 of a 48-segment body.
  const nmj: MotorCircuit['nmj'] = [];
  BODY_WALL_MUSCLES.forEach((m, mi) => {
    const u = Math.min(nUnits - 1, Math.floor(((m.number - 1) * nUnits) / MUSCLES_PER_QUADRANT));
    const w = muscleNmjWeight(p, m.number);
    const wa = muscleNmjWeight(p, MUSCLES_PER_QUADRANT + 1 - m.number);
    if (m.side === 'dorsal') {
      nmj.push({ muscle: mi, unit: idx.DB[u]!, weight: w }, { muscle: mi, unit: idx.DA[u]!, weight: wa }, { muscle: mi, unit: idx.DD[u]!, weight: -w });
    } else {
      nmj.push({ muscle: mi, unit: idx.VB[u]!, weight: w }, { muscle: mi, unit: idx.VA[u]!, weight: wa }, { muscle: mi, unit: idx.VD[u]!, weight: -w });
    }
  });

  const turn: MotorCircuit['turn'] = [];
  for (let u = 0; u < Math.min(p.turnUnits, nUnits); u++) {
    const w = p.turnGain * (1 - u / p.turnUnits);
    // A positive bias bends the head ventrally: a left turn, the ventral side lying on the worm's left in the plane.
    turn.push(
      { unit: idx.VB[u]!, weight: w, gate: 'forward' }, { unit: idx.DB[u]!, weight: -w, gate: 'forward' },
      { unit: idx.VA[u]!, weight: w, gate: 'backward' }, { unit: idx.DA[u]!, weight: -w, gate: 'backward' },
    );
  }
  const gatedBias: MotorCircuit['gatedBias'] = [];
  for (let u = 0; u < nUnits; u++) {
    gatedBias.push({ unit: idx.VB[u]!, value: p.ventralBias, gate: 'forward' }, { unit: idx.VA[u]!, value: p.ventralBias, gate: 'backward' });
  }

  const position = (u: number): number => (u + 0.5) / nUnits;
  const motorNeurons: MotorCircuit['motorNeurons'] = [];
  for (let u = 0; u < nUnits; u++) {
    for (const cls of ['DA', 'DB', 'VA', 'VB', 'DD', 'VD'] as const) motorNeurons.push({ unit: idx[cls][u]!, cls, position: position(u) });
  }
  // BBC's initial state: all dorsal B neurons ON.
  const initialPotential = idx.DB.map((unit) => ({ unit, value: p.onThreshold + p.hysteresis }));
  return {
    description: `ventral cord, ${nUnits} units (Boyle, Berri & Cohen 2012, with A-class, D-class and command interneurons)`,
    network: { units, chemical, gap },
    proprioception,
    command: [
      { unit: AVB, forward: 1, backward: 0 },
      { unit: PVC, forward: 1, backward: 0 },
      { unit: AVA, forward: 0, backward: 1 },
      { unit: AVD, forward: 0, backward: 1 },
    ],
    turn,
    gatedBias,
    nmj,
    motorNeurons,
    commandNeurons: { AVA: [AVA], AVD: [AVD], AVB: [AVB], PVC: [PVC] },
    initialPotential,
  };
}

/** BBC's stretch-receptor weight of unit u (growing toward the tail to offset the NMJ gradient). */
export function stretchWeight(p: NeuralParams, u: number): number {
  return p.stretchGain * (0.4 + 0.08 * u);
}

/** NMJ weight of muscle number m (1–24): BBC's segment weights 0.7(1 − 0.6 j/48) averaged over its two segments. */
export function muscleNmjWeight(p: NeuralParams, m: number): number {
  const seg = (j: number): number => (p.nmjWeight * (1 - (p.nmjGradient * j) / 48)) / (j === 0 ? p.headNmjDivisor : 1);
  return (seg(2 * (m - 1)) + seg(2 * (m - 1) + 1)) / 2;
}
