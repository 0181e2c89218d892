export { AccountPolicy } from './account-policy';
export { CredentialsModule } from './credentials.module';
export { PasswordHasher } from './password-hasher.service';
export { PasswordPolicy, newPasswordErrors } from './password-policy';
