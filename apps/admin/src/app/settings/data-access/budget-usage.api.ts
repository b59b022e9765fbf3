import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CtctBudgetLane, CtctBudgetUsageDto, IntegrationSettingsDto } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const BUDGET_USAGE_URL = '/api/ctct/budget';

/** The only place the admin asks for today's use of CC's quota; the push reserve is saved as a setting. */
@Injectable({ providedIn: 'root' })
export class BudgetUsageApi {
  private readonly http = inject(HttpClient);

  get(): Observable<CtctBudgetUsageDto> {
    return this.http.get<CtctBudgetUsageDto>(BUDGET_USAGE_URL);
  }

  setPushReserve(percent: number): Observable<IntegrationSettingsDto> {
    return this.http.patch<IntegrationSettingsDto>('/api/settings', { pushReservePercent: percent });
  }
}

/** Who the calls were made for, in the order the budget serves them. */
export const KIND_LABELS: Record<CtctBudgetLane | 'unknown', string> = {
  'opt-out': 'Opt-outs',
  'field-update': 'Field updates',
  membership: 'List memberships',
  user: "People's requests",
  run: 'Jobs and bulk runs',
  unknown: 'Other',
};
