import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { CorrelationInterceptor } from './common/correlation.interceptor';
import { AlertsModule } from './modules/alerts/alerts.module';
import { ApiLogModule } from './modules/api-log/api-log.module';
import { AuthModule } from './modules/auth/auth.module';
import { CampaignsModule } from './modules/campaigns/campaigns.module';
import { ConsentModule } from './modules/consent/consent.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { CtctModule } from './modules/ctct/ctct.module';
import { DemoModule } from './modules/demo/demo.module';
import { HealthModule } from './modules/health/health.module';
import { InteractionsModule } from './modules/interactions/interactions.module';
import { PushModule } from './modules/push/push.module';
import { ReconciliationModule } from './modules/reconciliation/reconciliation.module';
import { RunsModule } from './modules/runs/runs.module';
import { SettingsModule } from './modules/settings/settings.module';
import { SyncModule } from './modules/sync/sync.module';

// Never log these, whatever route they appear on.
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
];

// Every bounded context, each in its own module under src/modules.
const FEATURE_IMPORTS = [
  LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.LOG_LEVEL,
        // One id per request, taken from the caller's X-Request-Id when it sends one, echoed back.
        genReqId: (request: IncomingMessage, response: ServerResponse) => {
          const incoming = request.headers['x-request-id'];
          const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
          response.setHeader('X-Request-Id', id);
          return id;
        },
        redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
        autoLogging: { ignore: (request: IncomingMessage) => request.url === '/api/health' },
        serializers: {
          req: (request: { id: string; method: string; url: string }) => ({
            id: request.id,
            method: request.method,
            url: redactQuery(request.url),
          }),
        },
      },
    }),
  }),
  ScheduleModule.forRoot(),
  DatabaseModule,
  SettingsModule,
  AuthModule,
  HealthModule,
  ContactsModule,
  PushModule,
  DemoModule,
  ApiLogModule,
  CtctModule,
  RunsModule,
  SyncModule,
  InteractionsModule,
  CampaignsModule,
  AlertsModule,
  ConsentModule,
  ReconciliationModule,
];

/** The application, built around an already validated config. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.register(config), ...FEATURE_IMPORTS],
      providers: [{ provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor }],
    };
  }
}

// OAuth callbacks carry a one-time code in the query string: keep it out of the logs too.
export function redactQuery(url: string): string {
  return url.replace(/([?&](?:code|state|token|access_token|refresh_token|code_verifier)=)[^&]*/gi, '$1[redacted]');
}
