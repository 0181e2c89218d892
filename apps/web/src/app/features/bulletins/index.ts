// The bulletins feature's public face. Its pages are lazy route entries loaded by path.
export { BulletinsService } from './bulletins.service';
