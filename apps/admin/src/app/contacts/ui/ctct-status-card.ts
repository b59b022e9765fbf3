import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ContactCtctStatusDto, ContactDto, CtctListDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { optOutSentence, permissionLabel, permissionTone } from '../data-access/ctct-display';

/**
 * The record's "Constant Contact" card: linked or not (from the contact at once, confirmed by the status call),
 * permission to send, who opted out when and why, deleted in CC, the CC address when it differs from the CRM's,
 * lists, last synced. CC stays the source.
 */
@Component({
  selector: 'app-ctct-status-card',
  imports: [DatePipe, RouterLink, Icon, LoadingState, ErrorState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 id="cc-heading" class="section-title">Constant Contact</h2>
    <div class="loading-slot">
      @if (loading()) {
        <app-loading-state label="Loading the Constant Contact status" />
      }
    </div>
    <p data-testid="ctct-link" class="ctct-link" [class.linked]="linked()">
      @if (linked()) {
        <app-icon name="link" />
        Linked to Constant Contact · CC contact id <code>{{ ctctContactId() }}</code>
      } @else {
        <app-icon name="linkOff" />
        Not linked to Constant Contact
      }
    </p>
    @if (error(); as message) {
      <app-error-state title="The Constant Contact status could not be loaded" [message]="message" (retry)="retry.emit()" />
    } @else if (status(); as s) {
      @if (s.deletedInCtct) {
        <p class="warning" role="note" data-testid="ctct-deleted">
          <app-icon name="warning" />
          Deleted in Constant Contact. The link is kept; this contact gets no more email from CC.
        </p>
      }
      @if (s.linked && s.emailDiffers && s.ctctEmail) {
        <p class="warning" role="note" data-testid="ctct-email-differs">
          <app-icon name="warning" />
          <span
            >Email in Constant Contact: <strong>{{ s.ctctEmail }}</strong> (changed there). The link stays.</span
          >
        </p>
      }
      @if (s.linked) {
        <dl class="facts">
          <dt>Permission to send</dt>
          <dd>
            <span [class]="'chip tone-' + tone()" data-testid="ctct-permission">{{ permission() }}</span>
          </dd>
          @if (s.optOut; as optOut) {
            <dt>Opt-out</dt>
            <dd data-testid="ctct-optout">{{ optOutText() }}</dd>
          }
          <dt>Lists</dt>
          <dd data-testid="ctct-lists">
            @if (listNames().length === 0) {
              On no lists
            } @else {
              <ul class="lists" [attr.aria-label]="'On ' + listNames().length + (listNames().length === 1 ? ' list' : ' lists')">
                @for (list of listNames(); track list.listId) {
                  <li>
                    @if (list.name) {
                      <a [routerLink]="['/lists', list.listId]" data-testid="ctct-list">{{ list.name }}</a>
                    } @else {
                      <span class="muted" data-testid="ctct-list">A list not synced yet</span>
                    }
                  </li>
                }
              </ul>
            }
          </dd>
          <dt>Last synced</dt>
          <dd data-testid="ctct-synced-at">
            @if (s.syncedAt) {
              <time [attr.datetime]="s.syncedAt">{{ s.syncedAt | date: 'medium' }}</time>
            } @else {
              Not synced yet
            }
          </dd>
        </dl>
      } @else {
        <p class="hint">The link contacts job links CRM contacts to Constant Contact contacts with the same email.</p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .section-title {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .loading-slot {
      height: 4px;
      margin-bottom: 4px;
    }
    .ctct-link {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 12px;
      flex-wrap: wrap;
    }
    .ctct-link.linked {
      color: var(--mat-sys-primary);
    }
    .ctct-link code {
      color: var(--mat-sys-on-surface);
      overflow-wrap: anywhere;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 8px 16px;
      margin: 0;
    }
    .facts dt {
      color: var(--mat-sys-on-surface-variant);
    }
    .facts dd {
      margin: 0;
    }
    .chip {
      padding: 2px 10px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
    }
    .chip.tone-ok {
      background: #d3f5dc;
      color: #0b5323;
    }
    .chip.tone-stop {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .warning {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 0 12px;
      padding: 8px 12px;
      border-radius: 8px;
      background: #ffe3b8;
      color: #5c3a00;
    }
    .lists {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .lists li {
      padding: 0 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
    }
    .lists a {
      color: var(--mat-sys-primary);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .hint {
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599.98px) {
      .facts {
        grid-template-columns: 1fr;
        gap: 2px;
      }
      .facts dd {
        margin-bottom: 8px;
      }
    }
  `,
})
export class CtctStatusCard {
  readonly contact = input.required<ContactDto>();
  readonly status = input<ContactCtctStatusDto>();
  /** The synced CC lists (deleted ones too), to name the contact's lists; undefined while unknown. */
  readonly lists = input<CtctListDto[]>();
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly retry = output<void>();

  protected readonly linked = computed(() => this.status()?.linked ?? !!this.contact().ctctContactId);
  protected readonly ctctContactId = computed(() => this.status()?.ctctContactId ?? this.contact().ctctContactId);
  protected readonly permission = computed(() => permissionLabel(this.status()?.permissionToSend ?? null));
  protected readonly tone = computed(() => permissionTone(this.status()?.permissionToSend ?? null));
  /** The contact's lists by name, in name order; an id the lists sync has not seen yet has no name. */
  protected readonly listNames = computed(() => {
    const names = new Map((this.lists() ?? []).map((list) => [list.listId, list.name]));
    return (this.status()?.listIds ?? [])
      .map((listId) => ({ listId, name: names.get(listId) ?? null }))
      .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
  });
  protected readonly optOutText = computed(() => {
    const optOut = this.status()?.optOut;
    return optOut ? optOutSentence(optOut) : '';
  });
}
