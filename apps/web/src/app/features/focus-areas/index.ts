// The focus-areas feature's public face. Its page is a lazy route entry (focus-areas.routes.ts, loaded by path).
export { FocusAreasService } from './focus-areas.service';
