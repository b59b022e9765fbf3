import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * The Do Not Email switch with its save feedback. Stateless: the page owns `checked` and `state`
 * (and puts `checked` back when a save fails).
 */
@Component({
  selector: 'app-do-not-email-toggle',
  imports: [MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-slide-toggle
      data-testid="do-not-email"
      [checked]="checked()"
      [disabled]="disabled() || state() === 'saving'"
      (change)="toggled.emit($event.checked)"
      aria-describedby="do-not-email-hint do-not-email-state"
    >
      Do Not Email
    </mat-slide-toggle>
    <span id="do-not-email-state" [class]="'state ' + state()" data-testid="do-not-email-state" aria-live="polite">
      {{ stateText() }}
    </span>
    <p id="do-not-email-hint" class="hint">{{ hint() }}</p>
  `,
  styles: `
    :host { display: grid; grid-template-columns: auto 1fr; align-items: center; gap: 4px 16px; }
    .state { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .state.failed { color: var(--mat-sys-error); }
    .hint { grid-column: 1 / -1; margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class DoNotEmailToggle {
  readonly checked = input.required<boolean>();
  readonly state = input<SaveState>('idle');
  /** Why the last save failed, shown after "Failed". */
  readonly failure = input<string | null>(null);
  readonly disabled = input(false);
  /** When true the switch saves on its own (edit mode); otherwise it is part of the create form. */
  readonly savesImmediately = input(true);
  readonly toggled = output<boolean>();

  protected readonly stateText = computed(() => {
    switch (this.state()) {
      case 'saving':
        return 'Saving…';
      case 'saved':
        return 'Saved';
      case 'failed':
        return `Failed to save${this.failure() ? `: ${this.failure()}` : ''}. The previous value is back.`;
      default:
        return '';
    }
  });

  protected readonly hint = computed(() =>
    this.savesImmediately()
      ? 'Saved as soon as you switch it. Contacts marked Do Not Email are never emailed through Constant Contact.'
      : 'Contacts marked Do Not Email are never emailed through Constant Contact.',
  );
}
