/**
 * One measured worm run in a fresh process: builds the engine (and the connectome circuit when asked), advances
 * it SECONDS of simulated time, and prints JSON with wall and CPU seconds and the process's peak memory.
 * Usage: worm-worker.ts MODE SECONDS [CONNECTOME_FILE]; MODE = activation | activation-fast | hh | connectome.
 */
import { readFileSync } from 'node:fs';
import { parseConnectome } from '../src/engines/worm/model/connectome-file.js';
import { connectomeCircuit } from '../src/engines/worm/model/connectome-circuit.js';
import { WormEngine } from '../src/engines/worm/model/engine.js';
import { parseWormParams, type WormParamsInput } from '../src/engines/worm/model/params.js';

const [mode, secondsText, connectomeFile] = process.argv.slice(2);
const seconds = Number(secondsText ?? '60');
const input: WormParamsInput = {
  environment: { medium: 0 },
  muscles: { model: mode === 'hh' ? 'hh' : 'activation' },
  ...(mode === 'activation-fast' ? { numerics: { bodyEvery: 2 } } : {}),
};
const params = parseWormParams(input);
const circuit = mode === 'connectome'
  ? connectomeCircuit(parseConnectome(readFileSync(connectomeFile!, 'utf8'), connectomeFile), params.neural, params.connectome, params.body.segments)
  : undefined;
const engine = new WormEngine({ params: input, ...(circuit ? { circuit } : {}) });
engine.advance(Math.round(0.5 / engine.stepS)); // warm the JIT on the first half second
const steps = Math.round(seconds / engine.stepS);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
engine.advance(steps);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
if (!engine.state.midlineX.every(Number.isFinite)) throw new Error('non-finite state');
console.log(JSON.stringify({
  mode,
  units: engine.network.size,
  simulatedSeconds: steps * engine.stepS,
  seconds: wall,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
