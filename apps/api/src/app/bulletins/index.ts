export { BulletinsModule } from './bulletins.module';
export { BulletinsService } from './bulletins.service';
