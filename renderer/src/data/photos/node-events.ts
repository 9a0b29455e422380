// Node's `events` module for PouchDB in the browser. PouchDB 9 imports `events` (its EventEmitter) but the
// browser build does not ship a polyfill, and Vite replaces Node built-ins with an empty stub, so both Vite
// configs alias `events` to this file. It covers what pouchdb-core, -utils, -replication and the adapters
// call. It is a constructor function on purpose: pouchdb-utils calls `EventEmitter.call(this)`, and
// pouchdb-core copies the enumerable prototype methods onto the PouchDB constructor.

type Listener = (...args: unknown[]) => void;

interface Emitter {
  _events: Map<string | symbol, Listener[]>;
}

interface EventEmitterStatic {
  new (): EventEmitterInstance;
  (this: EventEmitterInstance): void;
  prototype: EventEmitterInstance;
  EventEmitter: EventEmitterStatic;
  defaultMaxListeners: number;
  listenerCount(emitter: EventEmitterInstance, type: string | symbol): number;
}

export interface EventEmitterInstance extends Emitter {
  on(type: string | symbol, listener: Listener): this;
  addListener(type: string | symbol, listener: Listener): this;
  prependListener(type: string | symbol, listener: Listener): this;
  once(type: string | symbol, listener: Listener): this;
  off(type: string | symbol, listener: Listener): this;
  removeListener(type: string | symbol, listener: Listener): this;
  removeAllListeners(type?: string | symbol): this;
  emit(type: string | symbol, ...args: unknown[]): boolean;
  listeners(type: string | symbol): Listener[];
  listenerCount(type: string | symbol): number;
  eventNames(): (string | symbol)[];
  setMaxListeners(n: number): this;
  getMaxListeners(): number;
}

const EventEmitter = function (this: EventEmitterInstance) {
  this._events = new Map();
} as unknown as EventEmitterStatic;

function events(self: EventEmitterInstance): Map<string | symbol, Listener[]> {
  // Objects made with Object.create(EventEmitter.prototype) never ran the constructor.
  if (!(self._events instanceof Map)) self._events = new Map();
  return self._events;
}

/** Marks a `once` wrapper so removeListener(type, original) finds it. */
const ORIGINAL = Symbol('original listener');
type Wrapped = Listener & { [ORIGINAL]?: Listener };

const proto: Omit<EventEmitterInstance, '_events'> & ThisType<EventEmitterInstance> = {
  on(type, listener) {
    const list = events(this).get(type);
    if (list) list.push(listener);
    else events(this).set(type, [listener]);
    return this;
  },
  addListener(type, listener) {
    return this.on(type, listener);
  },
  prependListener(type, listener) {
    events(this).set(type, [listener, ...(events(this).get(type) ?? [])]);
    return this;
  },
  once(type, listener) {
    const wrapped: Wrapped = (...args) => {
      this.removeListener(type, wrapped);
      listener.apply(this, args);
    };
    wrapped[ORIGINAL] = listener;
    return this.on(type, wrapped);
  },
  off(type, listener) {
    return this.removeListener(type, listener);
  },
  removeListener(type, listener) {
    const list = events(this).get(type);
    if (!list) return this;
    let i = list.length - 1;
    while (i >= 0 && list[i] !== listener && (list[i] as Wrapped)[ORIGINAL] !== listener) i--;
    if (i !== -1) {
      const rest = list.filter((_, j) => j !== i); // a copy: an emit in progress keeps its own array
      if (rest.length) events(this).set(type, rest);
      else events(this).delete(type);
    }
    return this;
  },
  removeAllListeners(type) {
    if (type === undefined) events(this).clear();
    else events(this).delete(type);
    return this;
  },
  emit(type, ...args) {
    const list = events(this).get(type);
    if (!list || list.length === 0) {
      // As in Node: an unhandled 'error' event throws rather than vanishing.
      if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error: ${String(args[0])}`);
      return false;
    }
    for (const listener of list) listener.apply(this, args);
    return true;
  },
  listeners(type) {
    return (events(this).get(type) ?? []).map((l: Wrapped) => l[ORIGINAL] ?? l);
  },
  listenerCount(type) {
    return events(this).get(type)?.length ?? 0;
  },
  eventNames() {
    return [...events(this).keys()];
  },
  // No leak warnings: PouchDB legitimately adds many listeners (one per live changes feed).
  setMaxListeners() {
    return this;
  },
  getMaxListeners() {
    return Infinity;
  },
};

Object.assign(EventEmitter.prototype, proto);
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;
EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);

export { EventEmitter };
export default EventEmitter;
