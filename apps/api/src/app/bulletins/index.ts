export { BulletinsModule } from './bulletins.module';
