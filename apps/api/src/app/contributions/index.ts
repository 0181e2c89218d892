export { ContributionsModule } from './contributions.module';
