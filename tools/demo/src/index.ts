export * from './crm-demo-contacts';
export { seededRandom, pick } from './random';
