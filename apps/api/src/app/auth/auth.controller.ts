import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { type LoginResponse, loginSchema } from '@zibo/domain';
import { Public } from '../../core/access/access.decorator';
import { ApiBodySchema } from '../../core/http/openapi';
import { parseOrThrow } from '../../core/http/parse';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Returns a bearer token. Failures 1–5 within 15 minutes → 401; the 6th and every attempt during the ' +
      'next 15 minutes → 429 with Retry-After, counted per submitted username.',
  })
  @ApiBodySchema(loginSchema)
  login(@Body() body: unknown): Promise<LoginResponse> {
    return this.auth.login(parseOrThrow(loginSchema, body));
  }
}
