// The contributions feature's public face. Its page is a lazy route entry that tasks.routes.ts loads by path.
export { ContributionsService } from './contributions.service';
