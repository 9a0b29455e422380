// pouchdb-node ships no typings; the bench types what it calls in pouch.ts.
declare module 'pouchdb-node' {
  const PouchDB: unknown;
  export default PouchDB;
}
