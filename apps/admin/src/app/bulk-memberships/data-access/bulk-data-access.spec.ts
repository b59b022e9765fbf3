import { apiCallsText, breakdownParts, progressPercent, progressText, runningRunId } from './bulk-display';
import {
  EMPTY_SELECTION,
  MAX_SELECTION,
  NO_FILTERS,
  overLimit,
  selectedCountText,
  selectionKey,
  toBulkFilter,
  toBulkSelection,
  toContactQuery,
  withIds,
} from './bulk-selection';
import { NEW_LIST, createListTargetForm, toBulkTarget } from './list-target';

describe('bulk selection', () => {
  it('sends only the filters that are set, the same to the contacts search and to the bulk selection', () => {
    const filters = { q: '  ada ', type: 'lead' as const, doNotEmail: false, linked: null };
    expect(toBulkFilter(filters)).toEqual({ q: 'ada', type: 'lead', doNotEmail: false });
    expect(toContactQuery(filters, 'c-2')).toEqual({ q: 'ada', type: 'lead', doNotEmail: false, limit: 50, cursor: 'c-2' });
    expect(toBulkFilter(NO_FILTERS)).toEqual({});
  });

  it('ticks and unticks ids, and ticking after "all that match" starts from no ids', () => {
    let state = withIds(EMPTY_SELECTION, ['a', 'b'], true);
    state = withIds(state, ['a'], false);
    expect(toBulkSelection(state)).toEqual({ contactIds: ['b'] });
    expect(toBulkSelection(withIds({ kind: 'filter', filter: { type: 'lead' } }, ['c'], true))).toEqual({ contactIds: ['c'] });
    expect(toBulkSelection({ kind: 'filter', filter: { type: 'lead' } })).toEqual({ filter: { type: 'lead' } });
  });

  it('says how many are selected', () => {
    expect(selectedCountText(EMPTY_SELECTION, null)).toBe('No contacts selected');
    expect(
      selectedCountText(
        withIds(
          EMPTY_SELECTION,
          Array.from({ length: 1240 }, (_, i) => `c${i}`),
          true,
        ),
        null,
      ),
    ).toBe('1,240 selected');
    expect(selectedCountText({ kind: 'filter', filter: {} }, null)).toBe('All matching contacts selected');
    expect(selectedCountText({ kind: 'filter', filter: {} }, 1)).toBe('All 1 contact matching the filter');
    expect(
      overLimit(
        withIds(
          EMPTY_SELECTION,
          Array.from({ length: MAX_SELECTION + 1 }, (_, i) => `c${i}`),
          true,
        ),
      ),
    ).toBe(true);
  });

  it('keys a selection by what it means, whatever the order of ids or filter keys', () => {
    expect(selectionKey({ contactIds: ['b', 'a'] })).toBe(selectionKey({ contactIds: ['a', 'b'] }));
    expect(selectionKey({ filter: { type: 'lead', q: 'x' } })).toBe(selectionKey({ filter: { q: 'x', type: 'lead' } }));
    expect(selectionKey({ filter: { type: 'lead' } })).not.toBe(selectionKey({ filter: { type: 'customer' } }));
  });
});

describe('list target form', () => {
  it('is valid with a list, or with a non-blank new name of at most 255 characters', () => {
    const form = createListTargetForm();
    expect(toBulkTarget(form)).toBeNull();
    form.controls.choice.setValue('l-1');
    expect(toBulkTarget(form)).toEqual({ listId: 'l-1' });
    form.controls.choice.setValue(NEW_LIST);
    expect(toBulkTarget(form)).toBeNull();
    form.controls.newListName.setValue('   ');
    expect(form.valid).toBe(false);
    form.controls.newListName.setValue('x'.repeat(256));
    expect(form.valid).toBe(false);
    form.controls.newListName.setValue(' VIP ');
    expect(toBulkTarget(form)).toEqual({ newListName: 'VIP' });
    form.controls.choice.setValue('l-2');
    expect(form.controls.newListName.disabled).toBe(true);
    expect(toBulkTarget(form)).toEqual({ listId: 'l-2' });
  });
});

describe('bulk display', () => {
  it('words the API cost and its breakdown', () => {
    const apiCalls = {
      estimate: 41,
      breakdown: { createList: 1, imports: 0, addMemberships: 38, readBackCreated: 0, polling: 2 },
      remainingToday: 8766,
      fitsToday: true,
    };
    expect(apiCallsText(apiCalls)).toBe('≈ 41 calls of 8,766 left today');
    expect(breakdownParts(apiCalls.breakdown)).toEqual([
      { label: 'new list', value: 1 },
      { label: 'membership additions', value: 38 },
      { label: 'progress checks', value: 2 },
    ]);
  });

  it('words the progress and finds the running run in a 409 message', () => {
    expect(progressText({ done: 0, total: null, itemsPerSecond: null })).toBe('Preparing…');
    expect(progressText({ done: 1200, total: 5000, itemsPerSecond: 38.4 })).toBe('1,200 of 5,000 · 38/s · about 2 min left');
    expect(progressPercent({ done: 1, total: 3, itemsPerSecond: null })).toBe(33);
    expect(progressPercent({ done: 0, total: 0, itemsPerSecond: null })).toBe(100);
    const id = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    expect(runningRunId(`A bulk membership run is already in progress (${id}); wait for it to finish.`)).toBe(id);
    expect(runningRunId('Conflict')).toBeNull();
  });
});
