import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, splitList } from '../../config/app-config';
import { ApiLogModule } from '../api-log/api-log.module';
import { AuthModule } from '../auth/auth.module';
import { CtctAuthorizationService } from './ctct-authorization.service';
import { CtctConnectionController } from './ctct-connection.controller';
import { CtctConnectionEvents } from './ctct-connection.events';
import { CtctConnectionService, TOKEN_CIPHER } from './ctct-connection.service';
import { resolveCtctEndpoints } from './ctct-endpoints';
import { CtctOAuthStrategy } from './ctct-oauth.strategy';
import { CTCT_ENDPOINTS, CtctTokenClient } from './ctct-token.client';
import { CtctClient } from './ctct.client';
import { RateBudgetController } from './rate-budget.controller';
import { RateBudgetService } from './rate-budget.service';
import { TokenCipher } from './token-cipher';

/** The Constant Contact connection: OAuth, the encrypted token store, the request budget and the one CC client. */
@Module({
  imports: [ApiLogModule, AuthModule],
  controllers: [CtctConnectionController, RateBudgetController],
  providers: [
    { provide: CTCT_ENDPOINTS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => resolveCtctEndpoints(config) },
    {
      provide: TOKEN_CIPHER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new TokenCipher(config.TOKEN_ENCRYPTION_KEY, splitList(config.TOKEN_ENCRYPTION_KEY_PREVIOUS)),
    },
    CtctTokenClient,
    CtctConnectionEvents,
    RateBudgetService,
    CtctConnectionService,
    CtctClient,
    CtctAuthorizationService,
    CtctOAuthStrategy,
  ],
  exports: [CtctClient, CtctConnectionService, CtctConnectionEvents, RateBudgetService],
})
export class CtctModule {}
