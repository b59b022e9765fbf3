import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, parseAppConfig } from './config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = parseAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // Machine-readable line for tools/scripts/start.mjs and the e2e harness (the port may be 0 = any).
  console.log(JSON.stringify({ msg: 'api listening', port }));
}

main().catch((error) => {
  console.error('The API failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
