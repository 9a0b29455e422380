// exifr's "lite" build (JPEG/TIFF/HEIC, the TIFF/EXIF/GPS blocks) is all the pipeline needs. Its published
// types cover only the package root and pull in Node's types (`/// <reference types="node" />`), which must
// not leak into the renderer, so the one function used is declared here.
declare module 'exifr/dist/lite.esm.mjs' {
  export function parse(data: Uint8Array | ArrayBuffer, options?: Record<string, unknown>): Promise<unknown>;
}
