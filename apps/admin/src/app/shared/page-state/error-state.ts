import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Icon } from '../icon/icon';
import { PlainMessageText } from '../ui/plain-message';

/** A failed load: what went wrong in words (the API's own wording under "Details") and, when `retryable`, Retry. */
@Component({
  selector: 'app-error-state',
  imports: [MatButtonModule, Icon, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'error-state', role: 'alert' },
  template: `
    <app-icon name="error" class="state-icon error" />
    <p class="state-title">{{ title() }}</p>
    <div class="state-detail" data-testid="error-message"><app-plain-message [message]="message()" /></div>
    @if (retryable()) {
      <button mat-flat-button type="button" data-testid="retry" (click)="retry.emit()">Retry</button>
    }
    <ng-content />
  `,
  styleUrl: './page-state.scss',
})
export class ErrorState {
  readonly title = input('Something went wrong');
  /** As the API said it: shown in words, the original under "Details". */
  readonly message = input.required<string>();
  readonly retryable = input(true);
  readonly retry = output<void>();
}
