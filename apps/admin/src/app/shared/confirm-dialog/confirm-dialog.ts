import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { Observable, map } from 'rxjs';

export interface ConfirmDialogData {
  title: string;
  message: string;
  /** What happens, one sentence each (for irreversible changes: say so). */
  consequences?: readonly string[];
  confirmLabel: string;
  /** "Cancel" unless the question reads better with another word ("Keep editing"). */
  cancelLabel?: string;
  /** Colours the confirm button as destructive. */
  destructive?: boolean;
}

/** A yes/no question; closes with `true` only when confirmed. */
@Component({
  selector: 'app-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message" data-testid="confirm-message">{{ data.message }}</p>
      @if (data.consequences?.length) {
        <ul class="consequences" data-testid="confirm-consequences">
          @for (line of data.consequences; track line) {
            <li>{{ line }}</li>
          }
        </ul>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="confirm-cancel">{{ data.cancelLabel ?? 'Cancel' }}</button>
      <button
        mat-flat-button
        type="button"
        [class.destructive]="data.destructive"
        [mat-dialog-close]="true"
        data-testid="confirm-ok"
        cdkFocusInitial
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .message {
      margin: 0 0 8px;
    }
    .consequences {
      margin: 0;
      padding-left: 20px;
    }
    .consequences li {
      margin: 4px 0;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/** Opens the confirm dialog; emits true when the user confirmed. */
export function confirm(dialog: MatDialog, data: ConfirmDialogData): Observable<boolean> {
  return dialog
    .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data,
      autoFocus: 'dialog',
      width: '460px',
      maxWidth: 'calc(100vw - 32px)',
    })
    .afterClosed()
    .pipe(map((result) => result === true));
}
