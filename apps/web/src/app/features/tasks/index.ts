// The tasks feature's public face: what the report, contribution and audit pages use. Its pages are lazy
// route entries (tasks.routes.ts, loaded by path).
export { historyActionLabel } from './history-entry';
export { TasksService } from './tasks.service';
