import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Placeholder for admin areas that later issues build; the route gives the feature name as `feature` data. */
@Component({
  selector: 'app-coming-soon-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">{{ feature() }}</h1>
    <p data-testid="coming-soon">{{ feature() }} is coming soon.</p>
  `,
  styles: `:host { display: block; padding: 24px; }`,
})
export class ComingSoonPage {
  /** Bound from the route's `data.feature` (component input binding). */
  readonly feature = input('This page');
}
