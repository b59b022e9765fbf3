import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validationError } from './errors';

// Request-body rules of the operations the sandbox serves, written from the spec's definitions
// (types, maxLength, maxItems, required). Extra properties are allowed, as the spec does not forbid
// them. Spec quirks (SOURCES.md): ListActivityRemoveContacts declares `maxItems: 0` on its id arrays
// (and ListActivityAddContacts on `source.tag_ids`); the documented limits (50 lists / 500 contacts)
// are enforced instead.

const str = (maxLength?: number) => (maxLength ? { type: 'string', maxLength } : { type: 'string' });
const uuidArray = (maxItems: number, minItems = 0) => ({
  type: 'array',
  items: { type: 'string', format: 'uuid' },
  maxItems,
  ...(minItems ? { minItems } : {}),
});

const customField = {
  type: 'object',
  required: ['custom_field_id'],
  properties: { custom_field_id: { type: 'string', format: 'uuid' }, value: str(255), choice_ids: { type: 'array', items: str() } },
};
const phonePut = { type: 'object', properties: { phone_number: str(25), kind: str() } };
const addressPut = {
  type: 'object',
  required: ['kind'],
  properties: { kind: str(), street: str(255), city: str(50), state: str(50), postal_code: str(50), country: str(50) },
};
const note = { type: 'object', properties: { note_id: str(), created_at: str(), content: str(2000) } };
const contactCore = {
  first_name: str(50),
  last_name: str(50),
  job_title: str(50),
  company_name: str(50),
  birthday_month: { type: 'integer' },
  birthday_day: { type: 'integer' },
  anniversary: str(10),
  custom_fields: { type: 'array', items: customField, maxItems: 25 },
  phone_numbers: { type: 'array', items: phonePut, maxItems: 3 },
  street_addresses: { type: 'array', items: addressPut, maxItems: 3 },
  list_memberships: uuidArray(50),
  taggings: uuidArray(50),
  notes: { type: 'array', items: note, maxItems: 150 },
  sms_channel: { type: 'object' },
};

export const REQUEST_SCHEMAS = {
  ContactPostRequest: {
    type: 'object',
    properties: {
      ...contactCore,
      create_source: str(),
      email_address: {
        type: 'object',
        required: ['address'],
        properties: { address: str(80), permission_to_send: str() },
      },
    },
  },
  ContactPutRequest: {
    type: 'object',
    required: ['update_source'],
    properties: {
      ...contactCore,
      update_source: str(),
      email_address: {
        type: 'object',
        required: ['address'],
        properties: { address: str(80), permission_to_send: str(), opt_out_reason: { type: ['string', 'null'], maxLength: 255 } },
      },
    },
  },
  ContactCreateOrUpdateInput: {
    type: 'object',
    required: ['list_memberships'],
    properties: {
      email_address: str(50),
      first_name: str(50),
      last_name: str(50),
      job_title: str(50),
      company_name: str(50),
      phone_number: str(25),
      list_memberships: uuidArray(50, 1),
      custom_fields: {
        type: 'array',
        maxItems: 50,
        items: { type: 'object', required: ['custom_field_id'], properties: { custom_field_id: { type: 'string' }, value: str(255) } },
      },
      anniversary: str(),
      birthday_month: { type: 'integer' },
      birthday_day: { type: 'integer' },
      street_address: addressPut,
      sms_channel: { type: 'object' },
    },
  },
  ContactResubscribeRequest: {
    type: 'object',
    required: ['list_ids'],
    properties: { list_ids: uuidArray(50, 1) },
  },
  ListInput: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 255 }, favorite: { type: 'boolean' }, description: str() },
  },
  ContactsJsonImport: {
    type: 'object',
    required: ['import_data', 'list_ids'],
    properties: {
      import_data: {
        type: 'array',
        minItems: 1,
        maxItems: 40_000,
        items: {
          type: 'object',
          properties: {
            email: str(50),
            first_name: str(50),
            last_name: str(50),
            job_title: str(50),
            company_name: str(50),
            birthday_month: { type: 'integer' },
            birthday_day: { type: 'integer' },
            anniversary: str(),
            phone: str(50),
            home_phone: str(50),
            work_phone: str(50),
            mobile_phone: str(50),
            other_phone: str(50),
            street: str(255),
            street2: str(255),
            city: str(50),
            state: str(50),
            zip: str(50),
            country: str(50),
          },
        },
      },
      list_ids: uuidArray(50, 1),
      sms_permission_to_send: str(),
    },
  },
  ListActivityAddContacts: {
    type: 'object',
    required: ['list_ids', 'source'],
    properties: {
      source: {
        type: 'object',
        properties: {
          list_ids: uuidArray(50),
          all_active_contacts: { type: 'boolean' },
          contact_ids: uuidArray(500),
          tag_ids: uuidArray(50),
          engagement_level: str(),
          segment_id: { type: 'integer' },
        },
      },
      exclude: { type: 'object', properties: { contact_ids: uuidArray(500) } },
      list_ids: uuidArray(50, 1),
    },
  },
  ListActivityRemoveContacts: {
    type: 'object',
    required: ['list_ids', 'source'],
    properties: {
      source: {
        type: 'object',
        properties: {
          list_ids: uuidArray(50),
          contact_ids: uuidArray(500),
          all_active_contacts: { type: 'boolean' },
          engagement_level: str(),
          tag_ids: uuidArray(50),
        },
      },
      exclude: { type: 'object', properties: { contact_ids: uuidArray(500) } },
      list_ids: uuidArray(50, 1),
    },
  },
  ContactDelete: {
    type: 'object',
    properties: { contact_ids: uuidArray(500), list_ids: uuidArray(50) },
  },
} as const;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const validators = new Map<RequestSchemaName, ValidateFunction>();

/** Validates a request body; a violation is CC's 400 with a message naming the field. */
export function assertBody(schema: RequestSchemaName, body: unknown, area: string): void {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(REQUEST_SCHEMAS[schema]);
    validators.set(schema, validate);
  }
  if (!validate(body)) throw validationError(area, describe(validate.errors?.[0]));
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'The request body is not valid.';
  const path = error.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing} is required.`;
  }
  return `${path || 'body'} ${error.message ?? 'is not valid'}.`;
}
