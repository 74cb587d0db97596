import { type Layer, routerStack } from './capture-thrown';

/**
 * The methods the app's routes have at a path, nested routers included (`_all` for `app.all`): Express keeps no such
 * index, so the stack is matched. Core decides from them whether an unmatched request is a 404 or a 405.
 * @example routedMethods(app, '/orders/42') // ['get', 'delete']
 */
export function routedMethods(app: unknown, path: string): string[] {
  const methods = new Set<string>();
  collect(routerStack(app), path, methods);
  return [...methods];
}

function collect(stack: Layer[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    let match: unknown;
    try {
      match = layer.match(path); // router 2.3 returns the match; Express 4 and router < 2.3 return true and set `path`
    } catch {
      continue; // a malformed %-escape in a param: Express's router raises that as a 400 itself
    }
    if (!match) continue;
    if (layer.route) for (const name of Object.keys(layer.route.methods)) into.add(name);
    else if (Array.isArray(layer.handle.stack)) {
      const prefix = (typeof match === 'object' ? (match as { path?: string }).path : layer.path) ?? '';
      collect(layer.handle.stack as Layer[], path.slice(prefix.length) || '/', into);
    }
  }
}
