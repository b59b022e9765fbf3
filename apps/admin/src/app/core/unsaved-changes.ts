import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { CanDeactivateFn } from '@angular/router';
import { confirm } from '../shared/confirm-dialog/confirm-dialog';

/** A page with a form that can hold edits not saved yet. */
export interface HasUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

/** Leaving such a page inside the app (a link, Back) asks first; saving or discarding never asks. */
export const unsavedChangesGuard: CanDeactivateFn<HasUnsavedChanges> = (page) => {
  if (!page?.hasUnsavedChanges()) return true;
  return confirm(inject(MatDialog), {
    title: 'Leave without saving?',
    message: 'Your changes on this page are not saved yet. If you leave now they are lost.',
    confirmLabel: 'Leave without saving',
    cancelLabel: 'Keep editing',
    destructive: true,
  });
};

/**
 * Closing the tab, reloading or leaving the app (e.g. Connect) with unsaved edits: the browser asks its own
 * question (its wording; a page cannot set it). Call from a page's constructor.
 */
export function warnBeforeUnload(hasUnsavedChanges: () => boolean): void {
  const window = inject(DOCUMENT).defaultView;
  if (!window) return;
  const listener = (event: BeforeUnloadEvent) => {
    if (!hasUnsavedChanges()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', listener);
  inject(DestroyRef).onDestroy(() => window.removeEventListener('beforeunload', listener));
}
