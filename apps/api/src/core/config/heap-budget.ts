/**
 * The api process's heap budget, given to node by every launcher: `npm start`, the Docker image,
 * `npm run cluster`, the browser tests and the benches (heap-budget.spec.ts checks they agree).
 *
 * Why: left alone, V8 lets the old generation grow to several times what is live before it
 * collects, so an export of a million audit events or a burst of committee dashboards took the
 * process to 350–470 MB resident although under 60 MB stayed live. With a 192 MB old generation
 * V8 collects sooner; measured peaks stay near 200–225 MB (docs/benchmarks.md "Heap budget") for
 * about 5–7 % more CPU on exports. The live set of the largest request (an XLSX import of 5 MB, a
 * dashboard over every task) is a fraction of the budget.
 */
export const API_HEAP_FLAGS: readonly string[] = ['--max-old-space-size=192'];
