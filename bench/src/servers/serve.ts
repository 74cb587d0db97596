/**
 * `serve.ts <framework> <mode>`: one bench server in its own process. Prints `listening on <url>` for the harness,
 * answers its heap queries over IPC (the memory check) and stops on SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { listen } from './listen';
import { FRAMEWORKS, type Framework, MODES, type Mode } from './shared';

const [framework, mode] = process.argv.slice(2) as [Framework, Mode];
if (!FRAMEWORKS.includes(framework) || !MODES.includes(mode)) {
  throw new Error(`usage: serve.ts <${FRAMEWORKS.join('|')}> <${MODES.join('|')}>`);
}
const server = await listen(framework, mode);
let profiler: Session | undefined;
process.on('message', async (message: unknown) => {
  if (message === 'cpu') {
    // CPU time the server spent (all its threads): per request, less moved by the machine's other load than req/s.
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  } else if (message === 'heap') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.(); // a second pass collects what the first one's finalizers released
    process.send?.({ heapUsed: process.memoryUsage().heapUsed, gc: gc !== undefined });
  } else if (message === 'profile:start') {
    // profile.ts: a CPU profile of the measured load only, not of startup (tsx compiling) or the warm-up.
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    process.send?.('profile:started');
  } else if (typeof message === 'object' && message !== null && 'profileTo' in message && profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(String(message.profileTo), JSON.stringify(profile));
    profiler.disconnect();
    process.send?.('profile:written');
  }
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
process.on('disconnect', () => process.exit(0)); // the harness is gone (killed, crashed): do not serve on alone
console.log(`listening on ${server.url}`);
