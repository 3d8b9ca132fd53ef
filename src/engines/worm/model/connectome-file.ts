/**
 * C. elegans connectome files, both layouts in circulation:
 * - the edge list of Cook et al. 2019 as distributed by OpenWorm c302 (`herm_full_edgelist.csv`): comma-separated
 *   `Source,Target,Weight,Type` with space-padded names and zero-padded numbers (`VB01`);
 * - White et al. 1986 as distributed by c302 (`aconnectome_white_1986_whole.csv`): tab-separated
 *   `pre post type synapses` despite the name, numbers unpadded, each gap junction listed once.
 * The layout is recognised from the header. Every row is checked: the right number of fields, a positive number of
 * synapses, a type of `chemical` or `electrical`, cell names that are C. elegans cells (see engines/worm/model/anatomy.ts),
 * and no (pre, post, type) listed twice. A problem is reported as "file: line N: …".
 */
import { canonicalCellName, cellKind } from './anatomy.js';
import { FormatError } from '../../../formats/errors.js';

export type SynapseType = 'chemical' | 'electrical';

/** One row of a connectome file. */
export interface ConnectomeEdge {
  /** Canonical cell names (spaces trimmed, numbers unpadded: "DA1"). */
  pre: string;
  post: string;
  type: SynapseType;
  /** Number of synapses (or the file's weight). */
  weight: number;
  /** Line in the file (1-based, the header being line 1). */
  line: number;
}

/** A parsed connectome. */
export interface Connectome {
  source: string;
  layout: 'cook-2019-edgelist' | 'white-1986-tsv';
  edges: ConnectomeEdge[];
  /** Every cell named, in order of first appearance. */
  cells: string[];
}

const LAYOUTS = [
  { layout: 'cook-2019-edgelist' as const, separator: ',', header: ['source', 'target', 'weight', 'type'], columns: { pre: 0, post: 1, weight: 2, type: 3 } },
  { layout: 'white-1986-tsv' as const, separator: '\t', header: ['pre', 'post', 'type', 'synapses'], columns: { pre: 0, post: 1, weight: 3, type: 2 } },
];

/**
 * Parses a connectome file (text). `source` names the file in error messages.
 * @example
 * const c = parseConnectome('Source,Target,Weight,Type\nAVAL,DA01,5,chemical\n', 'tiny.csv');
 * c.edges[0]; // → { pre: 'AVAL', post: 'DA1', type: 'chemical', weight: 5, line: 2 }
 */
export function parseConnectome(text: string, source = 'connectome'): Connectome {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new FormatError(source, 'file is empty');
  const headerLine = lines[first]!;
  const layout = LAYOUTS.find((l) => {
    const fields = headerLine.split(l.separator).map((f) => f.trim().toLowerCase());
    return fields.length === l.header.length && fields.every((f, i) => f === l.header[i]);
  });
  if (!layout) {
    throw new FormatError(
      source,
      `line ${first + 1}: unrecognised header "${headerLine.slice(0, 60)}" (expected "Source,Target,Weight,Type" or tab-separated "pre post type synapses")`,
    );
  }
  const edges: ConnectomeEdge[] = [];
  const seen = new Map<string, number>();
  const cells: string[] = [];
  const known = new Set<string>();
  for (let i = first + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const fail = (problem: string): never => {
      throw new FormatError(source, `line ${lineNo}: ${problem}`);
    };
    const fields = raw.split(layout.separator);
    if (fields.length !== layout.header.length) {
      fail(`expected ${layout.header.length} ${layout.separator === ',' ? 'comma' : 'tab'}-separated fields, found ${fields.length}`);
    }
    const names = [fields[layout.columns.pre]!, fields[layout.columns.post]!].map((n) => canonicalCellName(n));
    for (const [k, name] of names.entries()) {
      if (name === '') fail(`empty ${k === 0 ? 'presynaptic' : 'postsynaptic'} cell name`);
      if (!cellKind(name)) fail(`unknown cell "${name}" (not a C. elegans neuron, body-wall muscle or end organ)`);
    }
    const typeText = fields[layout.columns.type]!.trim().toLowerCase();
    if (typeText !== 'chemical' && typeText !== 'electrical') fail(`unknown synapse type "${fields[layout.columns.type]!.trim()}" (expected chemical or electrical)`);
    const weightText = fields[layout.columns.weight]!.trim();
    const weight = Number(weightText);
    if (weightText === '' || !Number.isFinite(weight) || weight <= 0) fail(`synapse count must be a positive number, got "${weightText}"`);
    const [pre, post] = names as [string, string];
    const key = `${pre}\u0000${post}\u0000${typeText}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(`duplicate of line ${earlier} (${pre} → ${post}, ${typeText})`);
    seen.set(key, lineNo);
    for (const n of names) {
      if (!known.has(n)) {
        known.add(n);
        cells.push(n);
      }
    }
    edges.push({ pre, post, type: typeText as SynapseType, weight, line: lineNo });
  }
  if (edges.length === 0) throw new FormatError(source, 'no connections after the header');
  return { source, layout: layout.layout, edges, cells };
}

/** Counts of a connectome, for reports and tests. */
export function connectomeStats(c: Connectome): { edges: number; chemical: number; electrical: number; cells: number; neurons: number; muscles: number } {
  const chemical = c.edges.filter((e) => e.type === 'chemical').length;
  return {
    edges: c.edges.length,
    chemical,
    electrical: c.edges.length - chemical,
    cells: c.cells.length,
    neurons: c.cells.filter((n) => cellKind(n) === 'neuron').length,
    muscles: c.cells.filter((n) => cellKind(n) === 'body-wall muscle').length,
  };
}
