// Minimal typings for the two untyped packages behind the embedded backend; only what we call.

declare module 'pouchdb-node' {
  interface PouchInstance {
    info(): Promise<unknown>;
    close(): Promise<void>;
  }
  interface PouchConstructor {
    new (name: string, options?: Record<string, unknown>): PouchInstance;
    defaults(options: Record<string, unknown>): PouchConstructor;
  }
  const PouchDB: PouchConstructor;
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  function expressPouchdb(pouch: unknown, options?: Record<string, unknown>): RequestListener;
  export default expressPouchdb;
}
