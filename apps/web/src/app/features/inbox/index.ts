// The inbox feature's public face: what the shell uses for its badge. Its pages are lazy route entries that
// app.routes.ts loads by path (re-exporting them here would put them in the shell's chunk).
export { InboxService } from './inbox.service';
