import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';

/** An indeterminate progress bar with an accessible label; place it at the top of the area that is loading. */
@Component({
  selector: 'app-loading-state',
  imports: [MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'loading-state', role: 'status' },
  template: `<mat-progress-bar mode="indeterminate" [attr.aria-label]="label()" />`,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class LoadingState {
  readonly label = input('Loading…');
}
