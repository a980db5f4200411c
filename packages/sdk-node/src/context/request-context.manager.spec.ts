import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';

import { RequestContextManager } from './request-context.manager';

const KEY = createContextKey('spec');
const manager = new RequestContextManager();
const named = (name: string) => ROOT_CONTEXT.setValue(KEY, name);
const current = () => manager.active().getValue(KEY);

describe('RequestContextManager', () => {
  it('runs a function in a context, nested, with its receiver and arguments, and restores the outer one', () => {
    const receiver = { tag: 'receiver' };

    const result = manager.with(named('outer'), function (this: typeof receiver, a: number, b: number) {
      const inner = manager.with(named('inner'), () => current());
      return { inner, after: current(), self: this.tag, sum: a + b };
    }, receiver, 2, 3);

    expect(result).toEqual({ inner: 'inner', after: 'outer', self: 'receiver', sum: 5 });
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('keeps the context across awaits and timers started inside it', async () => {
    const seen = await manager.with(named('async'), async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return current();
    });

    expect(seen).toBe('async');
  });

  it('binds a function: its arity, every argument and the receiver are kept', () => {
    const errorMiddleware = function (this: unknown, error: unknown, _request: unknown, _response: unknown, _next: unknown) {
      return { context: current(), error, count: arguments.length, self: this };
    };
    const bound = manager.bind(named('bound'), errorMiddleware);
    const wide = manager.bind(named('bound'), (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) => current());

    expect(bound.length).toBe(4); // Express tells error middleware by its four parameters
    expect(wide.length).toBe(5);
    expect((bound as (...args: unknown[]) => unknown).call('self', 'boom', 1, 2)).toEqual({ context: 'bound', error: 'boom', count: 3, self: 'self' });
    expect(wide(1, 2, 3, 4, 5)).toBe('bound');
  });

  it('binds an emitter: every listener runs in its context, wherever emit is called from', () => {
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    emitter.on('early', () => seen.push(current()));
    manager.bind(named('emitter'), emitter);
    emitter.on('late', (value: string) => seen.push(`${String(current())}:${value}`));

    manager.with(named('elsewhere'), () => {
      emitter.emit('early');
      emitter.emit('late', 'x');
    });
    emitter.emit('late', 'y');
    manager.bind(named('second bind'), emitter);
    emitter.emit('late', 'z');

    expect(seen).toEqual(['emitter', 'emitter:x', 'emitter:y', 'emitter:z']);
    expect(emitter.listenerCount('late')).toBe(1);
  });

  it('switches to the bound context only for events that have listeners', () => {
    const emitter = new EventEmitter();
    const switches: unknown[] = [];
    const counting = new RequestContextManager();
    const withContext = counting.with.bind(counting);
    counting.with = ((context, fn, thisArg, ...args) => {
      switches.push(args[0]);
      return withContext(context, fn, thisArg, ...args);
    }) as RequestContextManager['with'];
    counting.bind(named('bound'), emitter);
    let seen: unknown;
    emitter.on('heard', () => (seen = counting.active().getValue(KEY)));

    const unheard = emitter.emit('unheard', 1);
    const heard = emitter.emit('heard', 2);

    expect([unheard, heard]).toEqual([false, true]);
    expect(switches).toEqual(['heard']);
    expect(seen).toBe('bound');
  });

  it('enters a context for the rest of a callback and what it schedules, not for its caller', async () => {
    const scheduled = await new Promise<unknown>((resolve) => {
      setImmediate(() => {
        manager.enterWith(named('entered'));
        setTimeout(() => resolve(current()), 1);
      });
    });

    expect(scheduled).toBe('entered');
    expect(current()).toBeUndefined();
  });

  it('attaches a context until the token is disposed', () => {
    manager.with(named('before'), () => {
      const token = manager.attach(named('attached'));
      expect(current()).toBe('attached');
      token.dispose();
      token.dispose();
      expect(current()).toBe('before');
    });
  });
});
