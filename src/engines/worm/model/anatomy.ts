/**
 * C. elegans hermaphrodite anatomy the model needs: the 302 neurons by name, the other cells a connectome file may
 * name (muscles, glia-like and gland cells), and the 95 body-wall muscles in four quadrants.
 *
 * Sources: White, Southgate, Thomson & Brenner (1986), "The structure of the nervous system of the nematode
 * Caenorhabditis elegans", Phil Trans R Soc B 314:1–340; WormAtlas (wormatlas.org) cell lists; Cook et al. (2019),
 * "Whole-animal connectomes of both Caenorhabditis elegans sexes", Nature 571:63–71, for the end-organ names.
 * Body-wall muscles: 24 per quadrant, except the ventral-left quadrant, whose 24th cell is absent (vBWML24) —
 * 95 cells in all (Altun & Hall, WormAtlas "Muscle system — somatic muscle").
 */

/** Neuron classes with a left and a right member (name + "L" / "R"). */
const BILATERAL = [
  'ADA', 'ADE', 'ADF', 'ADL', 'AFD', 'AIA', 'AIB', 'AIM', 'AIN', 'AIY', 'AIZ', 'ALM', 'ALN', 'ASE', 'ASG', 'ASH',
  'ASI', 'ASJ', 'ASK', 'AUA', 'AVA', 'AVB', 'AVD', 'AVE', 'AVF', 'AVH', 'AVJ', 'AVK', 'AWA', 'AWB', 'AWC', 'BAG',
  'BDU', 'CAN', 'FLP', 'HSN', 'I1', 'I2', 'IL1', 'IL2', 'LUA', 'M2', 'M3', 'MC', 'NSM', 'OLL', 'PDE', 'PHA', 'PHB',
  'PHC', 'PLM', 'PLN', 'PVC', 'PVD', 'PVN', 'PVP', 'PVQ', 'PVW', 'RIA', 'RIB', 'RIC', 'RIF', 'RIG', 'RIM', 'RIP',
  'RIV', 'RMD', 'RMF', 'RMG', 'RMH', 'SDQ', 'URB', 'URX',
] as const;
/** Unpaired neurons. */
const SINGLE = [
  'ALA', 'AQR', 'AVG', 'AVL', 'AVM', 'DVA', 'DVB', 'DVC', 'I3', 'I4', 'I5', 'I6', 'M1', 'M4', 'M5', 'MI', 'PDA',
  'PDB', 'PQR', 'PVM', 'PVR', 'PVT', 'RID', 'RIH', 'RIR', 'RIS',
] as const;
/** Classes with four members: dorsal-left, dorsal-right, ventral-left, ventral-right. */
const FOURFOLD = ['CEP', 'OLQ', 'SAA', 'SIA', 'SIB', 'SMB', 'SMD', 'URA', 'URY', 'IL1', 'IL2', 'RMD'] as const;
/** Numbered ventral-cord classes and their sizes. */
export const VENTRAL_CORD_CLASS_SIZES = { AS: 11, DA: 9, DB: 7, DD: 6, VA: 12, VB: 11, VC: 6, VD: 13 } as const;

/** The 302 neurons of the hermaphrodite, by their canonical names (numbers without leading zeros: "DA1"). */
export const NEURON_NAMES: readonly string[] = [
  ...BILATERAL.flatMap((c) => [`${c}L`, `${c}R`]),
  ...SINGLE,
  ...FOURFOLD.flatMap((c) => [`${c}DL`, `${c}DR`, `${c}VL`, `${c}VR`]),
  'RMED', 'RMEV', 'RMEL', 'RMER', 'SABD', 'SABVL', 'SABVR',
  ...Object.entries(VENTRAL_CORD_CLASS_SIZES).flatMap(([c, n]) => Array.from({ length: n }, (_, i) => `${c}${i + 1}`)),
];

const NEURON_SET = new Set(NEURON_NAMES);

/** Body-wall muscle quadrants, in the order muscles are listed everywhere in neuromusic. */
export const QUADRANTS = ['DL', 'DR', 'VL', 'VR'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** One body-wall muscle. */
export interface BodyWallMuscle {
  /** Name as in White 1986 / Cook 2019 connectome files: dBWML1 … vBWMR24. */
  name: string;
  quadrant: Quadrant;
  /** Position along the body, 1 (head) … 24 (tail). */
  number: number;
  /** Which side of the 2-D body it pulls. */
  side: 'dorsal' | 'ventral';
}

/** Muscles per quadrant along the body. */
export const MUSCLES_PER_QUADRANT = 24;

/**
 * The 95 body-wall muscles: dBWML1–24, dBWMR1–24, vBWML1–23, vBWMR1–24 (vBWML24 does not exist). Muscle
 * activation matrices are 95 × T in this order.
 */
export const BODY_WALL_MUSCLES: readonly BodyWallMuscle[] = QUADRANTS.flatMap((q) => {
  const count = q === 'VL' ? 23 : 24;
  return Array.from({ length: count }, (_, i) => ({
    name: `${q[0]!.toLowerCase()}BWM${q[1]}${i + 1}`,
    quadrant: q,
    number: i + 1,
    side: q[0] === 'D' ? ('dorsal' as const) : ('ventral' as const),
  }));
});

/** Index of a muscle in {@link BODY_WALL_MUSCLES} by name, or −1. */
export function muscleIndex(name: string): number {
  return MUSCLE_INDEX.get(name) ?? -1;
}
const MUSCLE_INDEX = new Map(BODY_WALL_MUSCLES.map((m, i) => [m.name, i]));

/** End organs and non-neuronal cells that connectome files name besides body-wall muscles. */
const OTHER_CELL_PATTERNS: readonly RegExp[] = [
  /^pm[1-8](d|vl|vr)?$/, // pharyngeal muscles
  /^mc[1-3](dl|dr|v)$/, // pharyngeal marginal cells
  /^[uv]m[12][ap][LR]$/, // uterine and vulval muscles
  /^(hyp|intestine|intL|intR|anal|sph)$/, // hypodermis, intestine, anal depressor, sphincter
  /^GLR(DL|DR|L|R|VL|VR)$/, // GLR cells
  /^LegacyBodyWallMuscles$/, // White 1986's single node standing for all body-wall muscles
];

/**
 * The canonical form of a cell name: surrounding spaces removed and leading zeros of a ventral-cord number dropped
 * ("DA01" → "DA1", as Cook 2019 pads them and White 1986 does not).
 * @example
 * canonicalCellName(' VB01 '); // → 'VB1'
 */
export function canonicalCellName(name: string): string {
  return name.trim().replace(/^([A-Z]+)0+(\d)/, '$1$2');
}

/** What kind of cell a (canonical) name is, or undefined for a name that is no C. elegans cell. */
export function cellKind(name: string): 'neuron' | 'body-wall muscle' | 'other' | undefined {
  if (NEURON_SET.has(name)) return 'neuron';
  if (MUSCLE_INDEX.has(name)) return 'body-wall muscle';
  if (OTHER_CELL_PATTERNS.some((p) => p.test(name))) return 'other';
  return undefined;
}

/** Motor-neuron classes of the ventral cord that drive body-wall muscles. */
export const MOTOR_CLASSES = ['DA', 'DB', 'VA', 'VB', 'DD', 'VD', 'AS'] as const;
export type MotorClass = (typeof MOTOR_CLASSES)[number];

/** The class and number of a ventral-cord motor neuron ("VB3" → {VB, 3}), or undefined. */
export function motorNeuronClass(name: string): { cls: MotorClass; number: number } | undefined {
  const m = /^(DA|DB|VA|VB|DD|VD|AS)(\d+)$/.exec(name);
  return m ? { cls: m[1] as MotorClass, number: Number(m[2]) } : undefined;
}
