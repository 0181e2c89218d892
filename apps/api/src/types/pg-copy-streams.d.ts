// pg-copy-streams ships no types; the api uses only COPY … FROM STDIN (npm run seed:scale).
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** A writable stream of COPY text; `client.query()` it, write rows, end it, wait for 'finish'. */
  export interface CopyFromStream extends Writable, Submittable {
    rowCount: number;
  }

  export function from(text: string): CopyFromStream;
}
