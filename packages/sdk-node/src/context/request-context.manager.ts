import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';

/** Where an emitter bound with {@link RequestContextManager.bind} keeps its context. */
const BOUND_CONTEXT: unique symbol = Symbol('linkscope.boundContext');

interface BoundEmitter extends EventEmitter {
  [BOUND_CONTEXT]?: Context;
}

/**
 * The OpenTelemetry context manager of the SDK: one `AsyncLocalStorage`, as OpenTelemetry's
 * `AsyncLocalStorageContextManager`, plus {@link enterWith}, which the HTTP server
 * instrumentation uses to make a request's context current for its handler without wrapping
 * anything (docs/adr/0015).
 *
 * It differs from OpenTelemetry's in cost, not in behaviour:
 * - `bind(context, emitter)` replaces the emitter's `emit` with one that runs every listener in
 *   `context`, instead of wrapping each listener as it is added (a closure, a property
 *   definition and a WeakMap entry per listener, which Node's own HTTP internals add several
 *   of per request). An emit that already runs in `context`, or of an event without listeners,
 *   costs a comparison or two more.
 * - `bind(context, fn)` builds a wrapper of the function's arity without redefining `length`
 *   for functions of up to four parameters (Express's error middleware is told by its arity).
 */
export class RequestContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (this.storage.getStore() === context) return fn.apply(thisArg, args);
    return this.storage.run(context, callWith, fn as unknown as (...args: unknown[]) => unknown, thisArg, args) as ReturnType<F>;
  }

  /**
   * Makes `context` current for the rest of the running callback and everything it schedules,
   * until the callback returns: Node restores the caller's context when a callback from the
   * event loop ends (on Node 24, AsyncLocalStorage is backed by AsyncContextFrame and each
   * native callback scope restores the frame it found). Only for code that runs as part of such a
   * callback and cannot wrap what follows it, like a diagnostics-channel subscriber that runs
   * just before Node emits `request`.
   */
  enterWith(context: Context): void {
    this.storage.enterWith(context);
  }

  bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) return bindEmitter(this, context, target) as T;
    if (typeof target === 'function') return bindFunction(this, context, target as (...args: unknown[]) => unknown) as T;
    return target;
  }

  /** The experimental `attach` of `@opentelemetry/api` 1.10: `enterWith` with a token that restores the previous context. */
  attach(context: Context): { dispose(): void } {
    const previous = this.active();
    this.storage.enterWith(context);
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.storage.enterWith(previous);
      },
    };
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

function callWith(fn: (...args: unknown[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
  return fn.apply(thisArg, args);
}

/** Binds once: a second bind of the same emitter changes its context, as OpenTelemetry's keeps the first listeners' one. */
function bindEmitter(manager: RequestContextManager, context: Context, emitter: BoundEmitter): EventEmitter {
  if (emitter[BOUND_CONTEXT] !== undefined) return emitter;
  const original = emitter.emit;
  emitter[BOUND_CONTEXT] = context;
  emitter.emit = function emitInContext(this: BoundEmitter, ...args: Parameters<EventEmitter['emit']>): boolean {
    const bound = this[BOUND_CONTEXT];
    // An event nobody listens to runs no code that could read the context: no switch, which costs
    // two AsyncContextFrame copies (an incoming request emits `readable` and `close` that way).
    if (bound === undefined || this.listenerCount(args[0]) === 0) return original.apply(this, args);
    return manager.with(bound, original, this, ...args);
  };
  return emitter;
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * A wrapper with the arity of `target` (so `length` is right without `defineProperty`, which is
 * slow) that passes every argument it receives, however many, on to `target` in `context`.
 */
function bindFunction(manager: RequestContextManager, context: Context, target: AnyFunction): AnyFunction {
  /* eslint-disable prefer-rest-params -- `arguments` passes on exactly what the caller gave, whatever the declared arity */
  const call = (self: unknown, args: IArguments): unknown => manager.with(context, target, self, ...(args as unknown as unknown[]));
  switch (target.length) {
    case 0:
      return function (this: unknown) {
        return call(this, arguments);
      };
    case 1:
      return function (this: unknown, _a: unknown) {
        return call(this, arguments);
      };
    case 2:
      return function (this: unknown, _a: unknown, _b: unknown) {
        return call(this, arguments);
      };
    case 3:
      return function (this: unknown, _a: unknown, _b: unknown, _c: unknown) {
        return call(this, arguments);
      };
    case 4:
      return function (this: unknown, _a: unknown, _b: unknown, _c: unknown, _d: unknown) {
        return call(this, arguments);
      };
    default: {
      const bound = function (this: unknown) {
        return call(this, arguments);
      };
      Object.defineProperty(bound, 'length', { enumerable: false, configurable: true, writable: false, value: target.length });
      return bound;
    }
  }
  /* eslint-enable prefer-rest-params */
}
