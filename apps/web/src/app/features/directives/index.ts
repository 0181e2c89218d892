// The directives feature's public face: the panels the task page shows.
export { CloseOutPanel } from './close-out-panel';
export { DirectivesPanel } from './directives-panel';
export { DirectivesService } from './directives.service';
