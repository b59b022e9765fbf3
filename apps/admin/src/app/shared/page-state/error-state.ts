import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Icon } from '../icon/icon';

/** A failed load: what went wrong and, when `retryable`, a Retry button. */
@Component({
  selector: 'app-error-state',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'error-state', role: 'alert' },
  template: `
    <app-icon name="error" class="state-icon error" />
    <p class="state-title">{{ title() }}</p>
    <p class="state-detail" data-testid="error-message">{{ message() }}</p>
    @if (retryable()) {
      <button mat-flat-button type="button" data-testid="retry" (click)="retry.emit()">Retry</button>
    }
    <ng-content />
  `,
  styleUrl: './page-state.scss',
})
export class ErrorState {
  readonly title = input('Something went wrong');
  readonly message = input.required<string>();
  readonly retryable = input(true);
  readonly retry = output<void>();
}
