// The notifications feature's public face: the bell the shell shows. Its page is a lazy route entry that
// app.routes.ts loads by path.
export { NotificationBell } from './notification-bell';
export { NotificationsService } from './notifications.service';
