import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { plainMessage } from '../wording/plain-language';

/**
 * A message from the API or Constant Contact as a sentence with a next step; the original wording (operation
 * names, error codes) stays one click away under "Details" (a native disclosure: keyboard and screen-reader ready).
 */
@Component({
  selector: 'app-plain-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="text">{{ plain().text }}</span>
    @if (plain().detail; as detail) {
      <details class="details" data-testid="message-details">
        <summary>Details</summary>
        <code>{{ detail }}</code>
      </details>
    }
  `,
  styles: `
    :host {
      display: inline;
    }
    .details {
      margin-top: 4px;
      font: var(--mat-sys-body-small);
    }
    summary {
      cursor: pointer;
      width: max-content;
      color: inherit;
      text-decoration: underline;
    }
    code {
      display: block;
      margin-top: 4px;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      overflow-wrap: anywhere;
      white-space: pre-wrap;
    }
  `,
})
export class PlainMessageText {
  /** The message as the API wrote it. */
  readonly message = input<string | null | undefined>('');
  protected readonly plain = computed(() => plainMessage(this.message()));
}
