import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { RunAction, SyncRunDto } from '@ctct/shared-types';
import { Observable, filter, of } from 'rxjs';
import { toApiError } from '../../core/http/api-error';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { Icon } from '../../shared/icon/icon';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { SyncApi } from '../data-access/sync.api';

/**
 * Resume (paused), Retry (failed) and Cancel (queued, running, paused) on the run page, as the run's `actions` allow;
 * provided to the page through RUN_ACTIONS (app.config.ts). Cancel asks first: it cannot be undone.
 */
@Component({
  selector: 'app-run-lifecycle-actions',
  imports: [MatButtonModule, Icon, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (actions().length || run().cancelRequested) {
      <div class="run-actions" role="group" aria-label="Run actions">
        @if (actions().includes('resume')) {
          <button mat-flat-button type="button" (click)="act('resume')" [disabled]="acting() !== null" data-testid="run-resume">
            <app-icon name="playArrow" /> {{ acting() === 'resume' ? 'Resuming…' : 'Resume' }}
          </button>
        }
        @if (actions().includes('retry')) {
          <button mat-flat-button type="button" (click)="act('retry')" [disabled]="acting() !== null" data-testid="run-retry">
            <app-icon name="refresh" /> {{ acting() === 'retry' ? 'Retrying…' : 'Retry from where it stopped' }}
          </button>
        }
        @if (actions().includes('cancel')) {
          <button mat-stroked-button type="button" (click)="act('cancel')" [disabled]="acting() !== null" data-testid="run-cancel">
            <app-icon name="close" /> {{ acting() === 'cancel' ? 'Cancelling…' : 'Cancel run' }}
          </button>
        }
        @if (run().cancelRequested) {
          <span class="muted" role="status" data-testid="run-cancel-requested">Cancelling: it stops after the call in progress.</span>
        }
      </div>
    }
    @if (actionError(); as message) {
      <p class="action-error" role="alert" data-testid="run-action-error">
        <app-icon name="error" /><span><app-plain-message [message]="message" /></span>
      </p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      gap: 8px;
    }
    .run-actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 8px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .action-error {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    @media (max-width: 599.98px) {
      :host {
        align-items: stretch;
      }
      .run-actions {
        justify-content: flex-start;
      }
    }
  `,
})
export class RunLifecycleActions {
  private readonly api = inject(SyncApi);
  private readonly dialog = inject(MatDialog);

  /** The run as the page last polled it. */
  readonly run = input.required<SyncRunDto>();
  /** The page shows the run an action answered with (and follows it while it is active). */
  readonly changed = input.required<(run: SyncRunDto) => void>();

  /** The action in flight (its button shows it), and what the API said when one was refused. */
  protected readonly acting = signal<RunAction | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly actions = computed(() => this.run().actions ?? []);

  protected act(action: RunAction): void {
    const run = this.run();
    if (this.acting()) return;
    const kept = 'What it did so far stays done and its records are kept; a cancelled run cannot be resumed.';
    const confirmed: Observable<boolean> =
      action === 'cancel'
        ? confirm(this.dialog, {
            title: 'Cancel this run?',
            message: run.status === 'running' ? `It stops after the call in progress. ${kept}` : `It will not run again. ${kept}`,
            confirmLabel: 'Cancel run',
            cancelLabel: 'Keep it',
            destructive: true,
          })
        : of(true);
    confirmed.pipe(filter(Boolean)).subscribe(() => {
      this.acting.set(action);
      this.actionError.set(null);
      const call = action === 'resume' ? this.api.resume(run.id) : action === 'retry' ? this.api.retry(run.id) : this.api.cancel(run.id);
      call.subscribe({
        next: (updated) => {
          this.acting.set(null);
          this.changed()(updated);
        },
        error: (error: unknown) => {
          this.acting.set(null);
          this.actionError.set(toApiError(error).message);
        },
      });
    });
  }
}
