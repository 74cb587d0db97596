/**
 * `serve.ts <framework> <mode>`: one bench server in its own process. Prints `listening on <url>` for the harness,
 * answers its heap queries over IPC (the memory check) and stops on SIGTERM.
 */
import { listen } from './listen';
import { FRAMEWORKS, type Framework, MODES, type Mode } from './shared';

const [framework, mode] = process.argv.slice(2) as [Framework, Mode];
if (!FRAMEWORKS.includes(framework) || !MODES.includes(mode)) {
  throw new Error(`usage: serve.ts <${FRAMEWORKS.join('|')}> <${MODES.join('|')}>`);
}
const server = await listen(framework, mode);
process.on('message', (message) => {
  if (message !== 'heap') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.(); // a second pass collects what the first one's finalizers released
  process.send?.({ heapUsed: process.memoryUsage().heapUsed, gc: gc !== undefined });
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
console.log(`listening on ${server.url}`);
