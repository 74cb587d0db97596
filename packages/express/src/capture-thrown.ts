/**
 * Express reads the value a handler throws as the argument of `next`: a falsy value means "no error" and `'route'`
 * / `'router'` skip routes. So thrown values are caught here, before Express sees them, by wrapping the handle of
 * every layer in the app's router; async rejections are caught the same way, which Express 4 never does itself.
 * Express adds layers only with `stack.push`, so each stack's push is wrapped too, and routes added later are caught.
 * The same wrapper screens a body some parser (express.json…) left on `req.body` before the next handler sees it.
 */
import type { NextFunction } from 'express';
import { requestStates } from './request-state';

const CAPTURED = Symbol.for('errata.express.captured');
const BOX = Symbol.for('errata.express.thrownValue');

/**
 * A body a parser just set (an object, not yet screened) is checked against core's input limits and loses its
 * `__proto__` keys, once, before any handler reads it: the error to pass on, if it breaks a limit. The screen is the
 * one of the errata instance whose middleware the request last passed (request-state.ts); none before any did.
 */
function screenBody(req: { body?: unknown }): unknown {
  const { body } = req;
  if (typeof body !== 'object' || body === null) return undefined;
  const state = requestStates.get(req);
  if (state === undefined || state.screened === body) return undefined;
  const { screen } = state;
  if (screen === undefined) return undefined;
  const checked = screen(body, 'body');
  if (!checked.ok) return checked.error;
  if (checked.value !== body) req.body = checked.value;
  state.screened = checked.value;
  return undefined;
}

type Handle = ((...args: never[]) => unknown) & { [CAPTURED]?: true; stack?: unknown };
export interface Layer {
  handle: Handle;
  route?: { stack: Layer[]; methods: Record<string, unknown> } | undefined;
  path?: string;
  match(path: string): unknown;
}

/** The root router's stack: Express 4 keeps it at `app._router`, Express 5 at `app.router` (a throwing getter in 4). */
export function routerStack(app: unknown): Layer[] {
  const a = app as { lazyrouter?: unknown; _router?: { stack: Layer[] }; router?: { stack: Layer[] } };
  return (typeof a.lazyrouter === 'function' ? a._router : a.router)?.stack ?? [];
}

/** Marks a function errata made, so it is never wrapped. */
export function markCaptured<F extends object>(fn: F): F {
  return Object.assign(fn, { [CAPTURED]: true as const });
}

const hooked = new WeakSet<Layer[]>();

/**
 * Wraps every layer of a stack and of the stacks inside it, once; layers added later are wrapped as Express pushes
 * them, so after the first request this costs one WeakSet lookup.
 */
export function captureThrown(stack: Layer[]): void {
  if (hooked.has(stack)) return;
  hooked.add(stack);
  const push = stack.push;
  const pushed = (...layers: Layer[]) => {
    captureLayers(layers);
    return push.apply(stack, layers);
  };
  Object.defineProperty(stack, 'push', { value: pushed, configurable: true, writable: true });
  captureLayers(stack);
}

function captureLayers(layers: Layer[]): void {
  for (const layer of layers) {
    if (layer.route) captureThrown(layer.route.stack);
    else if (Array.isArray(layer.handle.stack)) captureThrown(layer.handle.stack as Layer[]);
    else if (!layer.handle[CAPTURED] && layer.handle.length <= 4) layer.handle = wrap(layer.handle);
  }
}

/** The thrown value, unboxed: what errata answers for. */
export function unbox(error: unknown): unknown {
  try {
    return typeof error === 'object' && error !== null && BOX in error ? error[BOX] : error;
  } catch {
    return error; // a revoked proxy throws on `in`; it is no box of ours
  }
}

function box(thrown: unknown): unknown {
  if (thrown && thrown !== 'route' && thrown !== 'router') return thrown;
  // An Error, so other error handlers on the way get something with a stack and a message.
  return Object.assign(new Error(`A handler threw ${String(thrown)}`), { name: 'ThrownValueError', [BOX]: thrown });
}

/** Passes a rejection of what a handler returned on, boxed: Express 4 ignores returned promises. */
function settled(result: unknown, next: NextFunction): void {
  if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') {
    (result as Promise<unknown>).then(undefined, (e) => next(box(e)));
  }
}

function wrap(fn: Handle): Handle {
  const call = fn as (...args: unknown[]) => unknown;
  // Express picks error handlers by arity, so the wrapper keeps it. No closure per call: a handler that returns
  // nothing and throws nothing costs a try and one look at what it returned.
  const wrapped =
    fn.length === 4
      ? (error: unknown, req: unknown, res: unknown, next: NextFunction) => {
          try {
            settled(call(error, req, res, next), next);
          } catch (thrown) {
            next(box(thrown));
          }
        }
      : (req: { body?: unknown }, res: unknown, next: NextFunction) => {
          const refused = screenBody(req);
          if (refused !== undefined) {
            next(refused);
            return;
          }
          try {
            settled(call(req, res, next), next);
          } catch (thrown) {
            next(box(thrown));
          }
        };
  return markCaptured(Object.defineProperty(wrapped, 'name', { value: fn.name }));
}
