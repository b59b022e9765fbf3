import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Loads CC's private contract from ../shared/reference (never copied into the repo) and validates
// sandbox responses against its definitions with ajv.

const repoRoot = resolve(__dirname, '../../..');
export const SPEC_PATH = resolve(repoRoot, '../shared/reference/constant-contact-v3.swagger.json');
export const specAvailable = existsSync(SPEC_PATH);
if (!specAvailable) {
  console.warn(`[ctct-sandbox] ${SPEC_PATH} is absent: contract tests are skipped.`);
}

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'body' | 'header';
  type?: string;
  format?: string;
  enum?: string[];
  items?: { enum?: string[]; type?: string };
  maximum?: number;
  minimum?: number;
  required?: boolean;
  schema?: { $ref: string };
}
export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  parameters: SpecParameter[];
  responses: Record<string, { schema?: unknown }>;
  security?: Record<string, string[]>[];
}

let cached: { spec: any; ajv: Ajv; operations: Map<string, SpecOperation> } | undefined;

export function loadSpec() {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // Swagger 2.0 formats JSON Schema does not define: accept any value of the declared type.
  for (const format of ['int32', 'int64', 'csv', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'cc-spec', definitions: spec.definitions });
  const operations = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op?.operationId) continue;
      operations.set(op.operationId, {
        method,
        path,
        operationId: op.operationId,
        parameters: op.parameters ?? [],
        responses: op.responses,
        security: op.security,
      });
    }
  }
  cached = { spec, ajv, operations };
  return cached;
}

const validators = new Map<string, ValidateFunction>();

export function definitionValidator(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = loadSpec().ajv.compile({ $ref: `cc-spec#/definitions/${name}` });
    validators.set(name, validate);
  }
  return validate;
}

/**
 * Validates a response against what the spec declares for (operationId, status). Error statuses
 * declare no schema in this build of the spec; they are checked against APIErrorSchema (arrays) or
 * AuthorizationErrorSchema (401, and the 429 object bodies the facts file documents).
 */
export function validateResponse(operationId: string, status: number, body: unknown): string[] {
  const op = loadSpec().operations.get(operationId);
  if (!op) return [`operation ${operationId} is not in the spec`];
  const declared = op.responses[String(status)];
  if (!declared) return [`the spec declares no ${status} response for ${operationId}`];
  let validate: ValidateFunction | undefined;
  const ref = (declared.schema as { $ref?: string } | undefined)?.$ref;
  if (ref) validate = definitionValidator(ref.replace('#/definitions/', ''));
  else if (status >= 400) validate = definitionValidator(Array.isArray(body) ? 'APIErrorSchema' : 'AuthorizationErrorSchema');
  else if (body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) return [];
  if (!validate) return [`no schema to validate ${operationId} ${status}`];
  if (validate(body)) {
    if (status >= 400) {
      const errors = Array.isArray(body) ? body : [body];
      if (!errors.length || errors.some((e: any) => typeof e.error_key !== 'string' || typeof e.error_message !== 'string')) {
        return ['error body lacks error_key / error_message'];
      }
    }
    return [];
  }
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}
