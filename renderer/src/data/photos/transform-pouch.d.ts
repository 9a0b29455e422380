// transform-pouch ships no types; the one plugin method the vault uses.
declare module 'transform-pouch' {
  const plugin: PouchDB.Plugin;
  export default plugin;
}

declare namespace PouchDB {
  interface Database {
    transform(config: {
      incoming?: (doc: Record<string, unknown>) => unknown;
      outgoing?: (doc: Record<string, unknown>) => unknown;
    }): void;
  }
}
