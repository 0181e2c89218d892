export { SupervisionModule } from './supervision.module';
export { noticeNumber } from './notices.service';
