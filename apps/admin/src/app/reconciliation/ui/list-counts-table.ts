import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import type { ReconciliationListDto } from '@ctct/shared-types';
import { formatCount } from '../../sync/data-access/sync-display';

/** Per CC list: the CRM's memberships (and how many CC lacks) against Constant Contact's own count. */
@Component({
  selector: 'app-list-counts-table',
  imports: [MatTableModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (lists().length === 0) {
      <p class="muted">No Constant Contact lists yet: they appear after the lists sync.</p>
    } @else {
      <div class="table-wrap">
        <table mat-table [dataSource]="lists()" data-testid="list-counts" aria-label="CRM and Constant Contact members per list">
          <ng-container matColumnDef="name">
            <th mat-header-cell *matHeaderCellDef>List</th>
            <td mat-cell *matCellDef="let l">{{ l.name }}</td>
          </ng-container>
          <ng-container matColumnDef="crm">
            <th mat-header-cell *matHeaderCellDef class="number">CRM members</th>
            <td mat-cell *matCellDef="let l" class="number">{{ format(l.crmCount) }}</td>
          </ng-container>
          <ng-container matColumnDef="missing">
            <th mat-header-cell *matHeaderCellDef class="number">Not on it in CC</th>
            <td mat-cell *matCellDef="let l" class="number" [class.warn]="l.crmNotInCtct > 0">{{ format(l.crmNotInCtct) }}</td>
          </ng-container>
          <ng-container matColumnDef="ctct">
            <th mat-header-cell *matHeaderCellDef class="number">CC members</th>
            <td mat-cell *matCellDef="let l" class="number">{{ l.ctctCount === null ? '—' : format(l.ctctCount) }}</td>
          </ng-container>
          <ng-container matColumnDef="mirror">
            <th mat-header-cell *matHeaderCellDef class="number">Seen by the last link run</th>
            <td mat-cell *matCellDef="let l" class="number">{{ format(l.mirrorCount) }}</td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns" data-testid="list-counts-row"></tr>
        </table>
      </div>
    }
  `,
  styles: `
    .table-wrap {
      overflow-x: auto;
    }
    .number {
      text-align: right;
    }
    .warn {
      color: #5c3a00;
      font-weight: 600;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ListCountsTable {
  readonly lists = input.required<ReconciliationListDto[]>();

  protected readonly columns = ['name', 'crm', 'missing', 'ctct', 'mirror'];
  protected readonly format = formatCount;
}
