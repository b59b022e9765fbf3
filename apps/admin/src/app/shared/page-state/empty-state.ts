import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { Icon, IconName } from '../icon/icon';

/** A centred message for "nothing to show"; project actions (e.g. a Clear filters button) as content. */
@Component({
  selector: 'app-empty-state',
  imports: [Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'empty-state', role: 'status' },
  template: `
    <app-icon [name]="icon()" class="state-icon" />
    <p class="state-title">{{ title() }}</p>
    @if (detail()) {
      <p class="state-detail">{{ detail() }}</p>
    }
    <ng-content />
  `,
  styleUrl: './page-state.scss',
})
export class EmptyState {
  readonly title = input.required<string>();
  readonly detail = input<string>();
  readonly icon = input<IconName>('search');
}
