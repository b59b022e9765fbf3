import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { ApiCallLogDetailDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { SYSTEM_LABELS } from '../data-access/api-log-filters';
import { displayBody, formatBytes, pathWithQuery } from '../data-access/log-display';
import { StatusChip } from './status-chip';

/**
 * Every field of one logged call: who caused it (the user by email, or the job run), its (redacted) bodies
 * pretty-printed and wrapped with a mark where the log cut them, a Copy per body and a link to this call.
 */
@Component({
  selector: 'app-log-detail',
  imports: [DatePipe, RouterLink, MatButtonModule, Icon, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './log-detail.html',
  styleUrl: './log-detail.scss',
})
export class LogDetail {
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);

  readonly entry = input.required<ApiCallLogDetailDto>();

  protected readonly formatBytes = formatBytes;
  protected readonly url = computed(() => pathWithQuery(this.entry()));
  protected readonly systemLabel = computed(() => SYSTEM_LABELS[this.entry().externalSystem] ?? this.entry().externalSystem);
  protected readonly bodies = computed(() => [
    { key: 'request', title: 'Request body', shown: displayBody(this.entry().requestBody) },
    { key: 'response', title: 'Response body', shown: displayBody(this.entry().responseBody) },
  ]);
  /** This call's own address: the log with the drawer open on it. */
  protected readonly link = computed(() => `${this.document.location.origin}/api-log?entry=${encodeURIComponent(this.entry().id)}`);

  /** The snack bar says it (and is announced to screen readers). */
  protected copy(what: string, text: string): void {
    const done = this.clipboard.copy(text);
    const copied = what === 'link' ? 'Link copied' : `The ${what} body is copied`;
    const message = done ? copied : 'Copying failed: select the text and copy it yourself';
    this.snackBar.open(message, undefined, { duration: 2500 });
  }
}
