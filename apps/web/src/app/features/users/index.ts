// The users feature's public face: what the departments page may use. Its pages are lazy route entries
// (users.routes.ts, loaded by path).
export { UsersService } from './users.service';
