export { AccessTokens, TOKEN_ISSUER } from './access-tokens';
export { AuthModule } from './auth.module';
export { JWT_SECRET } from './auth.tokens';
export { LoginRateLimit } from './login-rate-limit';
export { RefreshCookie } from './refresh-cookie';
export { SignInCompletion } from './sign-in-completion';
export type { SignInResult } from './sign-in-completion';
export { clientAddress } from './sign-in.service';
