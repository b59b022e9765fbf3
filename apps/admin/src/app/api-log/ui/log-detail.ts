import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ApiCallLogDetailDto } from '@ctct/shared-types';
import { displayBody, pathWithQuery } from '../data-access/log-display';
import { StatusChip } from './status-chip';

/** Every field of one logged call and its (redacted) bodies, JSON pretty-printed. */
@Component({
  selector: 'app-log-detail',
  imports: [DatePipe, RouterLink, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './log-detail.html',
  styleUrl: './log-detail.scss',
})
export class LogDetail {
  readonly entry = input.required<ApiCallLogDetailDto>();

  protected readonly url = computed(() => pathWithQuery(this.entry()));
  protected readonly requestBody = computed(() => displayBody(this.entry().requestBody));
  protected readonly responseBody = computed(() => displayBody(this.entry().responseBody));
}
