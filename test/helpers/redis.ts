/**
 * A Redis for the BullMQ tests: the one CI started (NEUROMUSIC_TEST_REDIS_URL, see .ci/run) for tests that need no
 * restart, or a private redis-server on a free loopback port that a test may stop and start again. Without Debian's
 * redis-server the tests skip and say to install it.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const hasRedisServer = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;

if (!hasRedisServer) console.warn('[neuromusic tests] redis-server not found: the BullMQ tests are skipped (apt-get install redis-server).');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A private redis-server on `port`, without persistence; `stop` shuts it down. */
export function startRedis(port: number): { url: string; stop: () => void } {
  const r = spawnSync('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--daemonize', 'yes'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-server did not start: ${r.stderr || r.stdout}`);
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
    spawnSync('sleep', ['0.1']);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => void spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { encoding: 'utf8' }) };
}
