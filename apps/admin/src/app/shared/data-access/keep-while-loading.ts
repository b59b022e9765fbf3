import { linkedSignal, type ResourceRef, type WritableSignal } from '@angular/core';

/**
 * A resource's last value, kept on screen (dimmed by the page) while the next one loads, so a table does not
 * blink empty between pages; undefined after an error.
 */
export function keepWhileLoading<T>(resource: ResourceRef<T | undefined>): WritableSignal<T | undefined> {
  return linkedSignal<T | undefined, T | undefined>({
    source: () => (resource.hasValue() ? resource.value() : undefined),
    computation: (next, previous) => next ?? (resource.isLoading() ? previous?.value : undefined),
  });
}
