/**
 * A trained surrogate and its files in the standard TensorFlow.js layout: `model.json` (the topology — here our
 * own network description, since the network is not a tfjs Layers model — the weights manifest and the metadata)
 * and `weights.bin` (float32 little-endian, the tensors in manifest order). {@link modelArtifacts} and
 * {@link modelFromArtifacts} convert to and from tfjs's `ModelArtifacts`, so any tfjs IO handler saves and loads
 * it: a file handler in Node (src/cli/surrogate-files.ts), `tf.io.browserHTTPRequest` or {@link fetchSurrogate}
 * in the browser.
 */
import type { AshleParams } from '../../dynamics/params.js';
import type { tf } from '../backend.js';
import type { LossWeights } from './loss.js';
import type { SetMetrics } from './metrics.js';
import { checkTcnConfig, tcnParameterCount, tcnSegments, TcnStream, type TcnConfig } from './tcn-stream.js';

/** The format name written in model.json. */
export const SURROGATE_FORMAT = 'neuromusic-ashle-tcn';
/** Version of that format. */
export const SURROGATE_FORMAT_VERSION = 1;

/** How a model was trained. */
export interface TrainingRecord {
  command?: string;
  seed: number;
  steps: number;
  seconds: number;
  batchSize: number;
  learningRate: number;
  weights: LossWeights;
  trainingSongs: number;
  validationSongs: number;
  backend?: string;
  /** What `seconds` counts: wall-clock time or the training process's CPU time. */
  clock?: 'wall' | 'cpu';
  /** Wall-clock seconds of the last session (Node). */
  wallSeconds?: number;
  /** 1-minute load average when training ended (Node), for the reader of the figures. */
  loadAverage?: number;
}

/** A surrogate: the network, the ASHLE it imitates, how it was trained and what it scored. */
export interface SurrogateModel {
  config: TcnConfig;
  theta: Float32Array;
  ashle: Partial<AshleParams> & { spontaneousHz: number };
  training?: TrainingRecord;
  metrics?: { heldOut?: Omit<SetMetrics, 'perSong'>; extrapolation?: Omit<SetMetrics, 'perSong'> };
}

/** A streaming network for a model. */
export function surrogateStream(model: SurrogateModel): TcnStream {
  return new TcnStream(model.theta, model.config);
}

/**
 * The model as tfjs ModelArtifacts (topology, weight specs, one weight buffer, metadata).
 * @example
 * const a = modelArtifacts({ config: DEFAULT_TCN, theta: initTcn(DEFAULT_TCN, createRandom(0)), ashle: { spontaneousHz: 2 } });
 * a.weightSpecs?.[0]?.name; // → 'input/kernel'
 */
export function modelArtifacts(model: SurrogateModel): tf.io.ModelArtifacts {
  const segs = tcnSegments(model.config);
  const data = new ArrayBuffer(model.theta.length * 4);
  new Float32Array(data).set(model.theta);
  return {
    format: SURROGATE_FORMAT,
    generatedBy: 'neuromusic',
    convertedBy: null,
    modelTopology: { class_name: 'AshleTcn', version: SURROGATE_FORMAT_VERSION, config: { ...model.config } },
    weightSpecs: segs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })),
    weightData: data,
    userDefinedMetadata: JSON.parse(JSON.stringify({ ashle: model.ashle, training: model.training, metrics: model.metrics })) as Record<string, never>,
  };
}

/** The text of model.json for artifacts whose weights live in `weightsFile`. */
export function modelJson(artifacts: tf.io.ModelArtifacts, weightsFile = 'weights.bin'): string {
  return `${JSON.stringify(
    {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
      userDefinedMetadata: artifacts.userDefinedMetadata,
    },
    null,
    1,
  )}\n`;
}

/** What is wrong with a model file, for a one-line error. */
export class SurrogateFormatError extends Error {}

/**
 * A model from tfjs ModelArtifacts, checked: the format, the topology, every weight's name, shape and dtype, and the
 * weight buffer's length.
 */
export function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): SurrogateModel {
  if (artifacts.format !== SURROGATE_FORMAT) throw new SurrogateFormatError(`not an ASHLE surrogate (format "${String(artifacts.format)}", expected "${SURROGATE_FORMAT}")`);
  const topo = artifacts.modelTopology as { class_name?: string; version?: number; config?: TcnConfig } | undefined;
  if (!topo || topo.class_name !== 'AshleTcn' || !topo.config) throw new SurrogateFormatError('model.json has no AshleTcn topology');
  if (topo.version !== SURROGATE_FORMAT_VERSION) throw new SurrogateFormatError(`format version ${String(topo.version)} is not supported (expected ${SURROGATE_FORMAT_VERSION})`);
  let config: TcnConfig;
  try {
    config = checkTcnConfig({ ...topo.config });
  } catch (e) {
    throw new SurrogateFormatError(`bad topology: ${(e as Error).message}`);
  }
  const segs = tcnSegments(config);
  const specs = artifacts.weightSpecs ?? [];
  if (specs.length !== segs.length) throw new SurrogateFormatError(`the manifest lists ${specs.length} weights, the network has ${segs.length}`);
  segs.forEach((s, i) => {
    const w = specs[i]!;
    if (w.name !== s.name || w.dtype !== 'float32' || w.shape.join('x') !== s.shape.join('x')) {
      throw new SurrogateFormatError(`weight ${i} is ${w.name} ${w.dtype} [${w.shape.join(', ')}], expected ${s.name} float32 [${s.shape.join(', ')}]`);
    }
  });
  const data = artifacts.weightData;
  const buffer = Array.isArray(data) ? concatBuffers(data) : data;
  const count = tcnParameterCount(config);
  if (!buffer || buffer.byteLength !== count * 4) throw new SurrogateFormatError(`weights.bin has ${buffer?.byteLength ?? 0} bytes, the network needs ${count * 4}`);
  const theta = new Float32Array(buffer.slice(0));
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i]!)) throw new SurrogateFormatError(`weight value ${i} is not finite`);
  const meta = (artifacts.userDefinedMetadata ?? {}) as Partial<Pick<SurrogateModel, 'ashle' | 'training' | 'metrics'>>;
  const f0 = meta.ashle?.spontaneousHz;
  if (!(typeof f0 === 'number' && f0 > 0)) throw new SurrogateFormatError('model.json metadata lacks the ASHLE spontaneous rate (ashle.spontaneousHz)');
  return { config, theta, ashle: meta.ashle!, ...(meta.training ? { training: meta.training } : {}), ...(meta.metrics ? { metrics: meta.metrics } : {}) };
}

function concatBuffers(parts: ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((a, b) => a + b.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  return out.buffer;
}

/**
 * Artifacts from the text of model.json and the bytes of its weights file (what a Node IO handler or a fetch reads).
 */
export function artifactsFromFiles(json: string, weights: ArrayBuffer): tf.io.ModelArtifacts {
  let parsed: { format?: string; generatedBy?: string; convertedBy?: string | null; modelTopology?: object; weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>; userDefinedMetadata?: object };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch (e) {
    throw new SurrogateFormatError(`model.json is not JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new SurrogateFormatError('model.json is not an object');
  const manifest = parsed.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length !== 1 || !Array.isArray(manifest[0]?.weights)) throw new SurrogateFormatError('model.json needs one weightsManifest group');
  return {
    format: parsed.format,
    generatedBy: parsed.generatedBy,
    convertedBy: parsed.convertedBy ?? null,
    modelTopology: parsed.modelTopology,
    weightSpecs: manifest[0].weights,
    weightData: weights,
    userDefinedMetadata: parsed.userDefinedMetadata as Record<string, never>,
  };
}

/** The weights file a model.json names (its first manifest path). */
export function weightsPathOf(json: string): string {
  try {
    const p = (JSON.parse(json) as { weightsManifest?: Array<{ paths?: string[] }> }).weightsManifest?.[0]?.paths?.[0];
    return typeof p === 'string' && p.length > 0 ? p : 'weights.bin';
  } catch {
    return 'weights.bin';
  }
}

/**
 * Loads a surrogate over HTTP (the browser, the studio): `url` points at model.json; the weights file is fetched
 * beside it.
 */
export async function fetchSurrogate(url: string, fetcher: typeof fetch = fetch): Promise<SurrogateModel> {
  const res = await fetcher(url);
  if (!res.ok) throw new SurrogateFormatError(`${url}: HTTP ${res.status}`);
  const json = await res.text();
  const wurl = new URL(weightsPathOf(json), new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href)).href;
  const wres = await fetcher(wurl);
  if (!wres.ok) throw new SurrogateFormatError(`${wurl}: HTTP ${wres.status}`);
  return modelFromArtifacts(artifactsFromFiles(json, await wres.arrayBuffer()));
}
