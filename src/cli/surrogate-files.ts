/**
 * The surrogate's files in Node: a tfjs IO handler that writes and reads `model.json` + `weights.bin` in a folder
 * (tfjs's own `file://` handler needs tfjs-node, which cannot be installed here), the training checkpoint beside
 * them, and the model shipped with the package (models/ashle-surrogate/).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormatError } from '../formats/errors.js';
import { writeFileAtomic } from '../node/files.js';
import type { tf } from '../learn/backend.js';
import { artifactsFromFiles, modelArtifacts, modelFromArtifacts, modelJson, SurrogateFormatError, weightsPathOf, type SurrogateModel } from '../learn/surrogate/model.js';
import type { TrainState } from '../learn/surrogate/train.js';

/** The folder of the model shipped with the package. */
export function shippedModelDir(): string {
  return fileURLToPath(new URL('../../models/ashle-surrogate/', import.meta.url));
}

/** The two files of a saved model: weights.bin and the model.json that names it. */
function artifactFiles(dir: string, artifacts: tf.io.ModelArtifacts): Array<{ path: string; data: Uint8Array | string }> {
  const data = artifacts.weightData;
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0);
  return [
    { path: join(dir, 'weights.bin'), data: bytes },
    { path: join(dir, 'model.json'), data: modelJson(artifacts, 'weights.bin') },
  ];
}

/** The model's files in a folder (model.json, weights.bin), for a command to stage with its other outputs. */
export function modelFiles(dir: string, model: SurrogateModel): Array<{ path: string; data: Uint8Array | string }> {
  return artifactFiles(dir, modelArtifacts(model));
}

/** A tfjs IO handler over a folder: `save` writes model.json and weights.bin atomically, `load` reads them. */
export function folderHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      const files = artifactFiles(dir, artifacts);
      for (const f of files) writeFileAtomic(f.path, f.data);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: (files[0]!.data as Uint8Array).byteLength } };
    },
    load: async () => {
      const jsonPath = join(dir, 'model.json');
      if (!existsSync(jsonPath)) throw new FormatError(dir, 'no model.json in this folder (train one with `neuromusic surrogate train --out DIR`)');
      const json = readFileSync(jsonPath, 'utf8');
      const weightsPath = join(dir, weightsPathOf(json));
      if (!existsSync(weightsPath)) throw new FormatError(weightsPath, 'the weights file named in model.json is missing');
      const b = readFileSync(weightsPath);
      try {
        return artifactsFromFiles(json, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      } catch (e) {
        if (e instanceof SurrogateFormatError) throw new FormatError(jsonPath, e.message);
        throw e;
      }
    },
  };
}

/** Loads a model from a folder; a broken one is a FormatError naming the file. */
export async function loadModel(dir: string): Promise<SurrogateModel> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FormatError(dir, 'not a folder with a surrogate model (model.json + weights.bin)');
  const artifacts = await folderHandler(dir).load!();
  try {
    return modelFromArtifacts(artifacts);
  } catch (e) {
    if (e instanceof SurrogateFormatError) throw new FormatError(join(dir, 'model.json'), e.message);
    throw e;
  }
}

/** What checkpoint.json records besides the vectors in checkpoint.bin. */
interface CheckpointMeta {
  format: 'neuromusic-surrogate-checkpoint';
  parameters: number;
  step: number;
  seconds: number;
  train: TrainState['train'];
  validation: TrainState['validation'];
  /** The run's settings, which a resumed run must share. */
  settings: Record<string, unknown>;
}

/**
 * Writes the checkpoint (θ, Adam's moments, the curves) into the folder. The one output of `surrogate train` written
 * during the work, not through its output set: it is what lets a stopped run continue. Each of its two files is
 * replaced atomically, the vectors before the metadata that describes them; a checkpoint.json without its
 * checkpoint.bin is reported as incomplete.
 */
export function saveCheckpoint(dir: string, state: TrainState, settings: Record<string, unknown>): void {
  const n = state.theta.length;
  const bin = new Float32Array(3 * n);
  bin.set(state.theta, 0);
  bin.set(state.adamM, n);
  bin.set(state.adamV, 2 * n);
  writeFileAtomic(join(dir, 'checkpoint.bin'), new Uint8Array(bin.buffer));
  const meta: CheckpointMeta = { format: 'neuromusic-surrogate-checkpoint', parameters: n, step: state.step, seconds: state.seconds, train: state.train, validation: state.validation, settings };
  writeFileAtomic(join(dir, 'checkpoint.json'), JSON.stringify(meta));
}

/** Reads a checkpoint, or undefined when the folder has none. */
export function loadCheckpoint(dir: string): { state: TrainState; settings: Record<string, unknown> } | undefined {
  const jsonPath = join(dir, 'checkpoint.json');
  const binPath = join(dir, 'checkpoint.bin');
  if (!existsSync(jsonPath)) return undefined;
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(jsonPath, 'utf8')) as CheckpointMeta;
  } catch (e) {
    throw new FormatError(jsonPath, `not JSON (${(e as Error).message}); delete it to start afresh`);
  }
  if (meta.format !== 'neuromusic-surrogate-checkpoint' || !(meta.parameters > 0)) throw new FormatError(jsonPath, 'not a surrogate checkpoint');
  if (!existsSync(binPath)) throw new FormatError(binPath, 'missing (the checkpoint is incomplete; delete checkpoint.json to start afresh)');
  const b = readFileSync(binPath);
  const n = meta.parameters;
  if (b.byteLength !== 12 * n) throw new FormatError(binPath, `has ${b.byteLength} bytes, expected ${12 * n}`);
  const all = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return {
    state: { theta: all.slice(0, n), adamM: all.slice(n, 2 * n), adamV: all.slice(2 * n), step: meta.step, seconds: meta.seconds, train: meta.train, validation: meta.validation },
    settings: meta.settings ?? {},
  };
}
