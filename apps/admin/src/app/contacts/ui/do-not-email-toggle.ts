import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { PlainMessageText } from '../../shared/ui/plain-message';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * The Do Not Email switch with its save feedback. Controlled: a click only asks (`toggled`), the switch shows
 * `checked` as the page decides — after a confirmation for a linked contact, back again when a save fails.
 */
@Component({
  selector: 'app-do-not-email-toggle',
  imports: [MatSlideToggleModule, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-slide-toggle
      data-testid="do-not-email"
      [checked]="checked()"
      [disabled]="!!lockedReason() || disabled() || state() === 'saving'"
      (change)="changed($event)"
      aria-describedby="do-not-email-hint do-not-email-state"
    >
      Do Not Email
    </mat-slide-toggle>
    <span id="do-not-email-state" [class]="'state ' + state()" data-testid="do-not-email-state" aria-live="polite">
      @switch (state()) {
        @case ('saving') {
          Saving…
        }
        @case ('saved') {
          Saved
        }
        @case ('failed') {
          Not saved, the previous value is back.
          @if (failure()) {
            <app-plain-message [message]="failure()" />
          }
        }
      }
    </span>
    <p id="do-not-email-hint" class="hint" [class.locked]="!!lockedReason()" data-testid="do-not-email-hint">
      {{ lockedReason() ?? hint() }}
    </p>
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: 4px 16px;
    }
    .state {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .state.failed {
      color: var(--mat-sys-error);
    }
    .hint {
      grid-column: 1 / -1;
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .hint.locked {
      color: var(--mat-sys-on-surface);
    }
    @media (max-width: 599.98px) {
      :host {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class DoNotEmailToggle {
  readonly checked = input.required<boolean>();
  readonly state = input<SaveState>('idle');
  /** Why the last save failed, as the API said it (shown in words, the original under Details). */
  readonly failure = input<string | null>(null);
  readonly disabled = input(false);
  /** Set when the switch cannot be used at all, e.g. Constant Contact has the person unsubscribed: says why. */
  readonly lockedReason = input<string | null>(null);
  /** When true the switch saves on its own (edit mode); otherwise it is part of the create form. */
  readonly savesImmediately = input(true);
  readonly toggled = output<boolean>();

  protected readonly hint = computed(() =>
    this.savesImmediately()
      ? 'Saved as soon as you switch it. Contacts marked Do Not Email are never emailed through Constant Contact.'
      : 'Contacts marked Do Not Email are never emailed through Constant Contact.',
  );

  /** The switch flipped itself: put it back and ask; `checked` moves it once the page agrees. */
  protected changed(event: MatSlideToggleChange): void {
    event.source.checked = !event.checked;
    this.toggled.emit(event.checked);
  }
}
