import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { ConsentEventDto } from '@ctct/shared-types';
import { CONSENT_KIND_LABELS, consentActorLine, consentTone } from '../../consent/data-access/consent-display';
import { ConsentApi } from '../../consent/data-access/consent.api';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';

/**
 * The record's "Consent history": every consent event of the contact from the append-only ledger, newest first —
 * who or what (a CRM user, the person in Constant Contact, a run, push delivery), why, and the call that carried it —
 * with the contact's CSV for a GDPR or CAN-SPAM request. Loaded when opened: most visits do not need it.
 */
@Component({
  selector: 'app-consent-timeline-card',
  imports: [DatePipe, MatButtonModule, Icon, EmptyState, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'consent-timeline-card' },
  template: `
    <header class="header">
      <h2 id="consent-heading" class="section-title">Consent history</h2>
      <a mat-button [href]="csvUrl()" [attr.download]="'consent-' + contactId() + '.csv'" data-testid="consent-csv">
        <app-icon name="download" />
        CSV
      </a>
    </header>
    @if (!open()) {
      <p class="hint">Every change of email consent, on either side, with who made it and when.</p>
      <button mat-stroked-button type="button" data-testid="consent-show" (click)="open.set(true)">Show consent history</button>
    } @else {
      <div class="loading-slot">
        @if (page.isLoading()) {
          <app-loading-state label="Loading the consent history" />
        }
      </div>
      @if (error(); as message) {
        <app-error-state title="The consent history could not be loaded" [message]="message" (retry)="page.reload()" />
      } @else if (events().length === 0 && !page.isLoading()) {
        <app-empty-state
          icon="history"
          title="No consent events yet"
          detail="Do Not Email changes and opt-outs on either side appear here."
        />
      } @else {
        <ol class="timeline" aria-labelledby="consent-heading">
          @for (event of events(); track event.id) {
            <li class="item" data-testid="consent-event" [attr.data-kind]="event.kind">
              <span [class]="'dot tone-' + tone(event)"></span>
              <div class="body">
                <p class="kind">{{ labels[event.kind] }}</p>
                <p class="who">{{ actor(event) }}</p>
                @if (event.reason) {
                  <p class="reason">{{ event.reason }}</p>
                }
                @if (event.apiCallLogId) {
                  <p class="call">
                    Constant Contact call <code>#{{ event.apiCallLogId }}</code>
                  </p>
                }
              </div>
              <time class="time" [attr.datetime]="event.occurredAt">{{ event.occurredAt | date: 'MMM d, y, HH:mm:ss' }}</time>
            </li>
          }
        </ol>
        @if (nextCursor()) {
          <div class="more">
            <button mat-stroked-button type="button" data-testid="consent-load-more" [disabled]="page.isLoading()" (click)="loadMore()">
              Load more
            </button>
          </div>
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .section-title {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .hint {
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .loading-slot {
      height: 4px;
      margin-bottom: 4px;
    }
    .timeline {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: grid;
      grid-template-columns: 16px 1fr auto;
      gap: 4px 12px;
      align-items: start;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .item:last-child {
      border-bottom: 0;
    }
    .dot {
      width: 10px;
      height: 10px;
      margin-top: 6px;
      border-radius: 50%;
      background: var(--mat-sys-outline);
    }
    .tone-stop {
      background: var(--mat-sys-error);
    }
    .tone-ok {
      background: #1e8e3e;
    }
    .tone-warn {
      background: #b26a00;
    }
    .body {
      min-width: 0;
    }
    .kind {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
    .who,
    .reason,
    .call {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .time {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .more {
      display: flex;
      justify-content: center;
      margin-top: 12px;
    }
    @media (max-width: 599.98px) {
      .item {
        grid-template-columns: 16px 1fr;
      }
      .time {
        grid-column: 2;
      }
    }
  `,
})
export class ConsentTimelineCard {
  private readonly api = inject(ConsentApi);

  readonly contactId = input.required<string>();

  protected readonly open = signal(false);
  protected readonly labels = CONSENT_KIND_LABELS;
  protected readonly csvUrl = computed(() => this.api.eventsCsvUrl({ contactId: this.contactId() }));

  private readonly cursor = linkedSignal<string, string | null>({ source: () => this.contactId(), computation: () => null });
  protected readonly page = rxResource({
    params: () => (this.open() ? { id: this.contactId(), cursor: this.cursor() } : undefined),
    stream: ({ params }) => this.api.timeline(params.id, params.cursor),
  });
  /** The pages loaded so far, in order (Load more appends). */
  protected readonly events = linkedSignal<{ id: string; page: ConsentEventDto[] | undefined; cursor: string | null }, ConsentEventDto[]>({
    source: () => ({ id: this.contactId(), page: this.page.hasValue() ? this.page.value().items : undefined, cursor: this.cursor() }),
    computation: (next, previous) => {
      if (!next.page) return previous && previous.source.id === next.id ? previous.value : [];
      return next.cursor && previous && previous.source.id === next.id ? [...previous.value, ...next.page] : next.page;
    },
  });
  protected readonly nextCursor = computed(() => (this.page.hasValue() ? this.page.value().nextCursor : null));
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? toApiError(error).message : null;
  });

  protected loadMore(): void {
    const next = this.nextCursor();
    if (next) this.cursor.set(next);
  }

  protected tone(event: ConsentEventDto): string {
    return consentTone(event.kind);
  }

  protected actor(event: ConsentEventDto): string {
    return consentActorLine(event);
  }
}
