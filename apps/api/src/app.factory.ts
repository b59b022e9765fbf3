import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { inputPolicy, jsonOnly, originCheck } from './common/request-policy';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { AppConfig, parseOrigins } from './config/app-config';

export const API_PREFIX = 'api';

/**
 * Builds the whole application as it runs in production — used by main.ts and by the integration tests,
 * so the tests exercise exactly what users get. It does not listen.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  // bodyParser off: Nest would also parse urlencoded forms; the API takes JSON only (see request-policy.ts).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.disable('x-powered-by');
  const publicOrigins = config.PUBLIC_URL ? parseOrigins(config.PUBLIC_URL) : null;
  for (const handler of securityHeaders(Boolean(publicOrigins?.every((origin) => origin.startsWith('https://'))))) app.use(handler);
  app.use(`/${API_PREFIX}`, originCheck(publicOrigins), jsonOnly);
  // A bulk selection of up to 100,000 contact ids is ~4 MB of JSON; Nest's default limit is 100 kB.
  app.useBodyParser('json', { limit: '5mb' });
  app.use(`/${API_PREFIX}`, inputPolicy);
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  serveAdmin(app, config);
  return app;
}

/** TRUST_PROXY as Express takes it: true/false, a hop count, or addresses/subnet names ("loopback, 10.0.0.0/8"). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ctct-connect API')
      .setDescription('The CRM side of the Constant Contact integration. Every route but health and login needs a session cookie.')
      .setVersion('1')
      .addCookieAuth('ctct_session')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document);
}

/** The built admin (dist/admin/browser) is served from the API's own port; unknown non-API paths get index.html. */
function serveAdmin(app: NestExpressApplication, config: AppConfig): void {
  const dir = resolve(config.ADMIN_STATIC_DIR ?? join(process.cwd(), 'dist/admin/browser'));
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  const isApiPath = (path: string) => path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`);
  const assets = express.static(dir, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) =>
    isApiPath(request.path) ? next() : assets(request, response, next),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || isApiPath(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
