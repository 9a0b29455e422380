// The public API of domain/: pure TypeScript shared by the renderer, the sync-server and CouchDB's
// validate_doc_update. Import from here, not from the files, so internals can move.

export * from './result';
export * from './formats';
export * from './schema';
export * from './users';
export * from './report';
export * from './report-events';
export * from './status';
export * from './report-state';
export * from './report-stats';
export * from './permissions';
export * from './categories';
export * from './write-rules';
export * from './couch-validation';
export type * from './api';
export * from './ipc';
export * from './case-actions';
export * from './duplicates';
