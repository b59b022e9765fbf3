import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Icon } from '../../shared/icon/icon';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** A settings card's footer: Save / Undo changes and what happened to the last save (announced). */
@Component({
  selector: 'app-section-actions',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message(); as message) {
      <p class="form-error" role="alert" [attr.data-testid]="'form-error-' + section()">{{ message }}</p>
    }
    <div class="row">
      <span class="state" [class]="'state ' + state()" role="status" aria-live="polite" [attr.data-testid]="'save-state-' + section()">
        @switch (state()) {
          @case ('saving') {
            Saving…
          }
          @case ('saved') {
            <app-icon name="checkCircle" /> Saved
          }
          @case ('failed') {
            Not saved
          }
        }
      </span>
      <button
        mat-button
        type="button"
        [attr.data-testid]="'reset-' + section()"
        [disabled]="!dirty() || saving()"
        (click)="resetRequested.emit()"
      >
        Undo changes
      </button>
      <button mat-flat-button type="submit" [attr.data-testid]="'save-' + section()" [disabled]="!dirty() || saving()">Save</button>
    </div>
  `,
  styles: `
    :host {
      display: block;
      margin-top: 8px;
    }
    .row {
      display: flex;
      align-items: center;
      justify-content: flex-end;
      gap: 8px;
      flex-wrap: wrap;
    }
    .state {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      margin-right: auto;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .state.saved {
      color: #0b5323;
    }
    .state.failed {
      color: var(--mat-sys-error);
    }
    .form-error {
      margin: 0 0 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class SectionActions {
  readonly section = input.required<string>();
  readonly state = input<SaveState>('idle');
  readonly dirty = input(false);
  /** A failure no field shows (network, 500, or a field this card has no control for). */
  readonly message = input<string | null>(null);
  readonly resetRequested = output<void>();
  protected readonly saving = computed(() => this.state() === 'saving');
}
