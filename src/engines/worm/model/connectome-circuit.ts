/**
 * Whole-nervous-system mode: every neuron of a connectome file becomes a graded-potential unit (network.ts), wired
 * by the file's synapses, with the ventral-cord motor neurons and command interneurons taking the roles they play in
 * the locomotion circuit of ventral-cord.ts. Assumptions, stated:
 *
 * - Signs. A chemical synapse is inhibitory when its presynaptic neuron is GABAergic — DD1–6, VD1–13, RMED/V/L/R,
 *   AVL, DVB and RIS (McIntire et al. 1993, Nature 364:337; Gendrel et al. 2016 for RIS) — and excitatory otherwise
 *   (glutamate's and the monoamines' receptor-dependent signs are not modelled). Gap junctions are conductances
 *   g(y_j − y_i); a pair listed in both directions is one junction.
 * - Weights. Synapse counts are shares: a neuron's chemical inputs sum to `chemicalGain` (each partner ∝ its count),
 *   a junction's conductance is `gapGain` × count / the larger of its two cells' total gap counts. Inputs that carry
 *   a role of the BBC circuit are instead scaled to that role, class by class: the DB → VD synapses of a VD neuron
 *   sum to 1 (and likewise DA → VD, AS → VD, VB → DD, VA → DD), its VD → VB/VA inhibition to the circuit's D-class
 *   inhibition, so the cross-inhibition of ventral-cord.ts runs through the real cells and synapses.
 * - Command. AVBL/R and PVCL/R drive every B-class neuron, AVAL/R and AVDL/R every A-class neuron, with the
 *   ventral-cord drive (AVB is gap-coupled to all B-class neurons, AVA to all A-class; Chalfie et al. 1985,
 *   J Neurosci 5:956); those edges of the file are not counted twice. The command input reaches the four pairs, which
 *   also gate their class as in ventral-cord.ts.
 * - Motor neurons. DB, VB, DA, VA are bistable with the ventral-cord parameters; DD, VD and AS follow their input.
 *   Each sits where its NMJs are (weighted mean of the muscles it synapses onto); without muscles in the file (White
 *   1986 lists one "LegacyBodyWallMuscles" node), class members are spread evenly over 25–90 % of the body, where
 *   Cook et al. 2019 place them. B neurons sense the stretch of the half-body behind them, A neurons of the half in
 *   front (BBC's receptive field, 24 of 48 segments), with BBC's weights at their position.
 * - NMJs. With individual muscles in the file, every neuron → muscle chemical synapse counts; for each muscle the
 *   synapses of each ventral-cord class (DA, DB, VA, VB, DD, VD) sum to BBC's w_NMJ at that muscle (mirrored for the
 *   A class, as in ventral-cord.ts), those of every
 *   other presynaptic class (AS, head motor neurons …) to `otherNmjShare` × w_NMJ. A muscle the file gives no
 *   ventral-cord innervation — every muscle when the file has none, the first five of each quadrant in Cook et al.
 *   2019, which head motor neurons serve — takes it from the nearest DA, DB, DD (dorsal) or VA, VB, VD (ventral)
 *   cell, as BBC's first unit drives the head: the head motor neurons' own rhythm (SMD, RMD) is not modelled.
 *   Electrical NMJs and muscle–muscle junctions are left out.
 * - Neurons outside the ventral cord: time constant `otherTauS`, output σ(k(y − θ)) without self-excitation.
 */
import type { Connectome } from './connectome-file.js';
import { BODY_WALL_MUSCLES, MUSCLES_PER_QUADRANT, cellKind, motorNeuronClass, type MotorClass } from './anatomy.js';
import type { MotorCircuit, ProprioceptiveInput } from './motor-circuit.js';
import type { NetworkSpec, UnitSpec } from './network.js';
import type { ConnectomeParams, NeuralParams } from './params.js';
import { muscleNmjWeight, stretchWeight } from './ventral-cord.js';

/** GABAergic neurons of the hermaphrodite (McIntire et al. 1993; RIS: Gendrel et al. 2016). */
export const GABAERGIC_NEURONS: ReadonlySet<string> = new Set([
  ...Array.from({ length: 6 }, (_, i) => `DD${i + 1}`),
  ...Array.from({ length: 13 }, (_, i) => `VD${i + 1}`),
  'RMED', 'RMEV', 'RMEL', 'RMER', 'AVL', 'DVB', 'RIS',
]);

const COMMAND = { AVB: ['AVBL', 'AVBR'], PVC: ['PVCL', 'PVCR'], AVA: ['AVAL', 'AVAR'], AVD: ['AVDL', 'AVDR'] } as const;

/**
 * Builds the whole-nervous-system circuit from a parsed connectome.
 * @example
 * // not run: needs a connectome file (Cook et al. 2019's edge list)
 * const circuit = connectomeCircuit(parseConnectome(text, 'herm_full_edgelist.csv'), DEFAULT_PARAMS.neural,
 *   DEFAULT_PARAMS.connectome, 48);
 * new WormEngine({ circuit });
 */
export function connectomeCircuit(c: Connectome, p: NeuralParams, cp: ConnectomeParams, segments: number): MotorCircuit {
  const neurons = c.cells.filter((n) => cellKind(n) === 'neuron');
  const index = new Map(neurons.map((n, i) => [n, i]));
  const cls = new Map<string, MotorClass>();
  for (const n of neurons) {
    const m = motorNeuronClass(n);
    if (m) cls.set(n, m.cls);
  }
  const members = (k: MotorClass): string[] => neurons.filter((n) => cls.get(n) === k);
  const command = Object.fromEntries(Object.entries(COMMAND).map(([k, names]) => [k, names.filter((n) => index.has(n))])) as Record<keyof typeof COMMAND, string[]>;
  const missing = [
    ...(['DB', 'VB', 'DA', 'VA', 'DD', 'VD'] as const).filter((k) => members(k).length === 0),
    ...(['AVA', 'AVB'] as const).filter((k) => command[k].length === 0),
  ];
  if (missing.length) throw new RangeError(`${c.source}: cannot build the locomotion circuit, no ${missing.join(', ')} neurons in the file`);

  // Units.
  const commandNames = new Set<string>(Object.values(COMMAND).flat());
  const units: UnitSpec[] = neurons.map((name) => {
    const k = cls.get(name);
    if (k === 'DB' || k === 'VB' || k === 'DA' || k === 'VA') {
      return { name, tauS: p.motorTauS, threshold: p.onThreshold, gain: p.motorGain, selfWeight: p.hysteresis, bias: 0 };
    }
    if (k) return { name, tauS: p.motorTauS, threshold: 0.5, gain: p.motorGain, selfWeight: 0, bias: 0 };
    if (commandNames.has(name)) return { name, tauS: p.commandTauS, threshold: 0.5, gain: 10, selfWeight: 0, bias: 0 };
    return { name, tauS: cp.otherTauS, threshold: cp.otherThreshold, gain: cp.otherGain, selfWeight: 0, bias: 0 };
  });

  // Positions along the body from the NMJs (muscle m's centre at (m − ½)/24), else spread by number.
  const nmjEdges = c.edges.filter((e) => e.type === 'chemical' && index.has(e.pre) && cellKind(e.post) === 'body-wall muscle');
  const position = new Map<string, number>();
  const sums = new Map<string, [number, number]>();
  for (const e of nmjEdges) {
    const m = BODY_WALL_MUSCLES.find((x) => x.name === e.post)!;
    const s = sums.get(e.pre) ?? [0, 0];
    s[0] += e.weight * ((m.number - 0.5) / MUSCLES_PER_QUADRANT);
    s[1] += e.weight;
    sums.set(e.pre, s);
  }
  for (const k of ['DA', 'DB', 'VA', 'VB', 'DD', 'VD', 'AS'] as const) {
    const list = members(k).sort((a, b) => motorNeuronClass(a)!.number - motorNeuronClass(b)!.number);
    list.forEach((n, i) => {
      const s = sums.get(n);
      position.set(n, s ? s[0] / s[1] : 0.25 + (0.65 * i) / Math.max(1, list.length - 1));
    });
  }

  // Synapses: roles first, then count-proportional shares for everything else.
  const chemical: NetworkSpec['chemical'] = [];
  const role = (pre: string, post: string): 'dExcitation' | 'dInhibition' | 'command' | undefined => {
    const a = cls.get(pre);
    const b = cls.get(post);
    if (b === 'VD' && (a === 'DB' || a === 'DA' || a === 'AS')) return 'dExcitation';
    if (b === 'DD' && (a === 'VB' || a === 'VA')) return 'dExcitation';
    if ((b === 'VB' || b === 'VA') && a === 'VD') return 'dInhibition';
    if (commandNames.has(pre) && (b === 'DB' || b === 'VB' || b === 'DA' || b === 'VA')) return 'command';
    if (commandNames.has(post) && (a === 'DB' || a === 'VB' || a === 'DA' || a === 'VA')) return 'command';
    return undefined;
  };
  const chem = c.edges.filter((e) => e.type === 'chemical' && index.has(e.pre) && index.has(e.post) && e.pre !== e.post);
  // Role inputs are normalised per presynaptic class (DB alone excites VD as fully as in ventral-cord.ts), other
  // inputs together.
  const groupKey = (e: { pre: string; post: string }, r: string | undefined): string => `${e.post}\u0000${r ? `${r}\u0000${cls.get(e.pre)}` : 'other'}`;
  const totals = new Map<string, number>();
  for (const e of chem) {
    const r = role(e.pre, e.post);
    if (r !== 'command') totals.set(groupKey(e, r), (totals.get(groupKey(e, r)) ?? 0) + e.weight);
  }
  for (const e of chem) {
    const r = role(e.pre, e.post);
    if (r === 'command') continue;
    const share = e.weight / totals.get(groupKey(e, r))!;
    const sign = GABAERGIC_NEURONS.has(e.pre) ? -1 : 1;
    const gain = r === 'dExcitation' ? 1 : r === 'dInhibition' ? p.dInhibition : cp.chemicalGain;
    chemical.push({ pre: index.get(e.pre)!, post: index.get(e.post)!, weight: sign * gain * share });
  }
  // Command drive by class.
  const forward = [...command.AVB, ...command.PVC];
  const backward = [...command.AVA, ...command.AVD];
  for (const n of neurons) {
    const k = cls.get(n);
    const from = k === 'DB' || k === 'VB' ? forward : k === 'DA' || k === 'VA' ? backward : [];
    const drive = k === 'DB' || k === 'VB' ? p.forwardDrive : p.backwardDrive;
    for (const f of from) chemical.push({ pre: index.get(f)!, post: index.get(n)!, weight: drive / from.length });
  }
  // Mutual inhibition of the command pairs (as in ventral-cord.ts).
  for (const f of forward) for (const b of backward) {
    chemical.push({ pre: index.get(f)!, post: index.get(b)!, weight: -p.commandInhibition / forward.length });
    chemical.push({ pre: index.get(b)!, post: index.get(f)!, weight: -p.commandInhibition / backward.length });
  }
  // Gap junctions: one per unordered pair, count = the larger listing.
  const gapCount = new Map<string, { a: string; b: string; count: number }>();
  for (const e of c.edges) {
    if (e.type !== 'electrical' || !index.has(e.pre) || !index.has(e.post) || e.pre === e.post) continue;
    if (role(e.pre, e.post) === 'command') continue;
    const [a, b] = e.pre < e.post ? [e.pre, e.post] : [e.post, e.pre];
    const key = `${a}\u0000${b}`;
    const g = gapCount.get(key);
    if (!g || g.count < e.weight) gapCount.set(key, { a, b, count: e.weight });
  }
  const gapTotal = new Map<string, number>();
  for (const g of gapCount.values()) {
    gapTotal.set(g.a, (gapTotal.get(g.a) ?? 0) + g.count);
    gapTotal.set(g.b, (gapTotal.get(g.b) ?? 0) + g.count);
  }
  const gap: NetworkSpec['gap'] = [...gapCount.values()].map((g) => ({
    a: index.get(g.a)!,
    b: index.get(g.b)!,
    conductance: (cp.gapGain * g.count) / Math.max(gapTotal.get(g.a)!, gapTotal.get(g.b)!),
  }));

  // Proprioception: half-body receptive fields behind (B) or in front of (A) each neuron.
  const proprioception: ProprioceptiveInput[] = [];
  const half = Math.round((segments * p.stretchReceptorUnits) / p.units);
  const gatedBias: MotorCircuit['gatedBias'] = [];
  const turn: MotorCircuit['turn'] = [];
  for (const n of neurons) {
    const k = cls.get(n);
    if (k !== 'DB' && k !== 'VB' && k !== 'DA' && k !== 'VA') continue;
    const pos = position.get(n)!;
    const at = Math.min(segments - 1, Math.max(0, Math.floor(pos * segments)));
    const isB = k === 'DB' || k === 'VB';
    const first = isB ? at : Math.max(0, at - half + 1);
    const end = isB ? Math.min(segments, at + half) : at + 1;
    // BBC's weights at the neuron's position, mirrored end to end for the A class (see ventral-cord.ts).
    const unit = Math.min(p.units - 1, (pos * p.units) | 0);
    const weight = stretchWeight(p, isB ? unit : p.units - 1 - unit) * Math.sqrt(half / (end - first)) * (p.units / 12) * ((2 * p.units) / segments);
    const gate = isB ? ('forward' as const) : ('backward' as const);
    const side = k === 'DB' || k === 'DA' ? ('dorsal' as const) : ('ventral' as const);
    proprioception.push({ unit: index.get(n)!, side, firstSegment: first, endSegment: end, weight, gate });
    if (side === 'ventral') gatedBias.push({ unit: index.get(n)!, value: p.ventralBias, gate });
    // Head bias on the motor neurons of the front fraction of the body the ventral-cord turn units cover.
    const reach = p.turnUnits / p.units;
    if (pos < reach) turn.push({ unit: index.get(n)!, weight: (side === 'ventral' ? 1 : -1) * p.turnGain * (1 - pos / reach), gate });
  }

  // NMJs.
  const nmj: MotorCircuit['nmj'] = [];
  const muscleIndex = new Map(BODY_WALL_MUSCLES.map((m, i) => [m.name, i]));
  const coreClasses = new Set<string>(['DA', 'DB', 'VA', 'VB', 'DD', 'VD']);
  const innervated = new Set<number>();
  if (nmjEdges.length > 0) {
    const groupOf = (pre: string): string => cls.get(pre) ?? pre.replace(/(DL|DR|VL|VR|D|V|L|R|\d+)$/, '');
    const groupTotals = new Map<string, number>();
    for (const e of nmjEdges) {
      const key = `${e.post}\u0000${groupOf(e.pre)}`;
      groupTotals.set(key, (groupTotals.get(key) ?? 0) + e.weight);
    }
    for (const e of nmjEdges) {
      const muscle = muscleIndex.get(e.post)!;
      const group = groupOf(e.pre);
      if (coreClasses.has(group)) innervated.add(muscle);
      const number = BODY_WALL_MUSCLES[muscle]!.number;
      const gradient = group === 'DA' || group === 'VA' ? muscleNmjWeight(p, MUSCLES_PER_QUADRANT + 1 - number) : muscleNmjWeight(p, number);
      const w = gradient * (coreClasses.has(group) ? 1 : cp.otherNmjShare);
      const sign = GABAERGIC_NEURONS.has(e.pre) ? -1 : 1;
      nmj.push({ muscle, unit: index.get(e.pre)!, weight: (sign * w * e.weight) / groupTotals.get(`${e.post}\u0000${group}`)! });
    }
  }
  // Muscles without ventral-cord innervation in the file (all of them without individual muscles; the head's first
  // five in Cook et al. 2019) take it from the nearest cell of each ventral-cord class of their side, as BBC's first
  // unit drives the head.
  BODY_WALL_MUSCLES.forEach((m, mi) => {
    if (innervated.has(mi)) return;
    const s = (m.number - 0.5) / MUSCLES_PER_QUADRANT;
    const classes = m.side === 'dorsal' ? (['DA', 'DB', 'DD'] as const) : (['VA', 'VB', 'VD'] as const);
    for (const k of classes) {
      let best: string | undefined;
      for (const n of members(k)) if (!best || Math.abs(position.get(n)! - s) < Math.abs(position.get(best)! - s)) best = n;
      const w = k === 'DA' || k === 'VA' ? muscleNmjWeight(p, MUSCLES_PER_QUADRANT + 1 - m.number) : muscleNmjWeight(p, m.number);
      nmj.push({ muscle: mi, unit: index.get(best!)!, weight: GABAERGIC_NEURONS.has(best!) ? -w : w });
    }
  });

  const motorNeurons: MotorCircuit['motorNeurons'] = [];
  for (const n of neurons) {
    const k = cls.get(n);
    if (k) motorNeurons.push({ unit: index.get(n)!, cls: k, position: position.get(n)! });
  }
  const ids = (names: readonly string[]): number[] => names.map((n) => index.get(n)!);
  return {
    description: `whole nervous system from ${c.source}: ${neurons.length} neurons, ${chemical.length} chemical synapses, ${gap.length} gap junctions, ${nmj.length} NMJs`,
    network: { units, chemical, gap },
    proprioception,
    command: [
      ...forward.map((n) => ({ unit: index.get(n)!, forward: 1, backward: 0 })),
      ...backward.map((n) => ({ unit: index.get(n)!, forward: 0, backward: 1 })),
    ],
    turn,
    gatedBias,
    nmj,
    motorNeurons,
    commandNeurons: { AVA: ids(command.AVA), AVD: ids(command.AVD), AVB: ids(command.AVB), PVC: ids(command.PVC) },
    // BBC's start: dorsal B neurons ON.
    initialPotential: members('DB').map((n) => ({ unit: index.get(n)!, value: p.onThreshold + p.hysteresis })),
  };
}
