// file-type 21 exposes its types only through package `exports` (see embedded-postgres.d.ts).
declare module 'file-type' {
  export { fileTypeFromBuffer } from 'file-type/core.js';
}
