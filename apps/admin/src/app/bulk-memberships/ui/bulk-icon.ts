import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * Icons only this feature uses (Material paths, 24×24), kept here rather than in shared/icon. Decorative
 * (aria-hidden), like the shared `app-icon`.
 */
const BULK_ICON_PATHS = {
  playArrow: 'M8 5v14l11-7z',
  playlistAdd: 'M14 10H2v2h12v-2zm0-4H2v2h12V6zm4 8v-4h-2v4h-4v2h4v4h2v-4h4v-2h-4zM2 16h8v-2H2v2z',
  doneAll:
    'M18 7l-1.41-1.41-6.34 6.34 1.41 1.41L18 7zm4.24-1.41L11.66 16.17 7.48 12l-1.41 1.41L11.66 19l12-12-1.42-1.41zM.41 13.41L6 19l1.41-1.41L1.83 12 .41 13.41z',
  replay: 'M12 5V1L7 6l5 5V7c3.31 0 6 2.69 6 6s-2.69 6-6 6-6-2.69-6-6H4c0 4.42 3.58 8 8 8s8-3.58 8-8-3.58-8-8-8z',
} as const;

export type BulkIconName = keyof typeof BULK_ICON_PATHS;

@Component({
  selector: 'app-bulk-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'app-icon', 'aria-hidden': 'true' },
  template: `<svg viewBox="0 0 24 24" width="24" height="24" focusable="false"><path [attr.d]="path()" /></svg>`,
  styles: `
    :host { display: inline-flex; width: 24px; height: 24px; vertical-align: middle; flex-shrink: 0; }
    svg { width: 100%; height: 100%; fill: currentColor; }
  `,
})
export class BulkIcon {
  readonly name = input.required<BulkIconName>();
  protected readonly path = computed(() => BULK_ICON_PATHS[this.name()]);
}
