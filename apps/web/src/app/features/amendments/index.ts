// The amendments feature's public face: the panel the task page shows. Its plan-drift page is a lazy
// route entry that app.routes.ts loads by path.
export { AmendmentsPanel } from './amendments-panel';
export { AmendmentsService } from './amendments.service';
