// The auth feature's public face. Its pages are lazy route entries (auth.routes.ts and the security page,
// loaded by path); the signed-in session itself lives in core/auth.
export { signInErrorMessage } from './sign-in-error';
