// Types shared by the API and the admin. Plain TypeScript only: no Angular or Nest imports here.
export * from './common';
export * from './auth';
export * from './contacts';
export * from './ctct';
export * from './api-log';
export * from './sync';
export * from './interactions';
export * from './settings';
export * from './campaigns';
export * from './push';
export * from './bulk';
export * from './alerts';
export * from './consent';
export * from './reconciliation';
