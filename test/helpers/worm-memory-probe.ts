/**
 * Child-process probe for test/memory-bounded.test.ts (run with --expose-gc): composes the worm for a short and a
 * long piece and reports, for each, the memory retained near the end of the run (heap plus array buffers, after a
 * full collection) above what was retained before it, and the bytes per frame a full recording takes. A run that
 * keeps its frames retains more the longer the piece; a streamed run retains its notes only.
 */
import { composeWorm } from '../../src/engines/worm/play/compose.js';
import { allocateRecording } from '../../src/engines/worm/model/simulate.js';
import { WormEngine } from '../../src/engines/worm/model/engine.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [shortSeconds = '10', longSeconds = '60', recordArg = 'false'] = process.argv.slice(2);
const record = recordArg === 'true';

function retained(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Memory retained at 95 % of a composition of `seconds`, above the memory before it. */
function retainedDuring(seconds: number): number {
  const before = retained();
  let during = NaN;
  composeWorm({ seconds, command: 'forward' }, {
    record,
    onProgress: (fraction) => {
      if (Number.isNaN(during) && fraction >= 0.95) during = retained() - before;
    },
  });
  return during;
}

retainedDuring(4); // warm-up: compiled code and lazily built tables are retained from here on
const short = retainedDuring(Number(shortSeconds));
const long = retainedDuring(Number(longSeconds));
const rec = allocateRecording(new WormEngine(), 1, 50);
const bytesPerFrame = Object.values(rec).reduce((a: number, v) => a + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
process.stdout.write(`${JSON.stringify({ short, long, bytesPerFrame })}\n`);
