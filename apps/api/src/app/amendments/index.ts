export { Amendment } from './amendment.entity';
export { AmendmentsModule } from './amendments.module';
