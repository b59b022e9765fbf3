import { convertToParamMap } from '@angular/router';
import { filtersFromParams, filtersToParams, toSearchQuery } from './contact-filters';
import { toSearchParams } from './contacts.api';

describe('contact filters', () => {
  it('reads known filters from the URL and ignores malformed ones', () => {
    expect(filtersFromParams(convertToParamMap({ q: ' ada ', type: 'vendor', doNotEmail: 'yes', linked: 'true', sort: 'name' }))).toEqual({
      q: 'ada',
      type: null,
      doNotEmail: null,
      linked: true,
      sort: 'name',
    });
  });

  it('removes unset filters from the URL', () => {
    expect(filtersToParams({ q: '', type: 'lead', doNotEmail: false, linked: null, sort: null })).toEqual({
      q: null,
      type: 'lead',
      doNotEmail: false,
      linked: null,
      sort: null,
    });
  });

  it('sends false booleans but leaves out empty values', () => {
    const query = toSearchQuery({ q: '', type: null, doNotEmail: false, linked: null, sort: '-updatedAt' }, 'abc');
    expect(toSearchParams(query).toString()).toBe('limit=50&doNotEmail=false&sort=-updatedAt&cursor=abc');
  });
});
