/**
 * `PORT=3000 FROZEN_TIME=2026-04-30T12:00:00Z pnpm recipe nested-meta`: starts one recipe. PORT defaults to 3000 (0: any
 * free port), HOST to 127.0.0.1; FROZEN_TIME freezes the recipe's clock (see shared/clock.ts).
 */
import type { Recipe } from './shared/serve';

const RECIPES: Record<string, () => Promise<{ recipe: Recipe }>> = {
  'nested-meta': () => import('./nested-meta/server'),
  'flat-code': () => import('./flat-code/server'),
  'status-mirror': () => import('./status-mirror/server'),
  'title-hints': () => import('./title-hints/server'),
  'typed-hints': () => import('./typed-hints/server'),
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const load = RECIPES[name];
  if (load === undefined) {
    console.error(`usage: pnpm recipe <${Object.keys(RECIPES).join('|')}>`);
    process.exit(1);
  }
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
    process.exit(1);
  }
  const { recipe } = await load();
  const running = await recipe.start(port, process.env.HOST ?? '127.0.0.1');
  console.log(`${name} (${recipe.framework}) listening on ${running.url}`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
