// The urges feature's public face: the panel the task page shows.
export { UrgesPanel } from './urges-panel';
export { UrgesService } from './urges.service';
