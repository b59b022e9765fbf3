import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { IntegrationSettingsDto, UpdateIntegrationSettingsRequest } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const SETTINGS_URL = '/api/settings';

/** The only place the admin talks HTTP about the integration settings (schedules, push rules, housekeeping). */
@Injectable({ providedIn: 'root' })
export class IntegrationSettingsApi {
  private readonly http = inject(HttpClient);

  get(): Observable<IntegrationSettingsDto> {
    return this.http.get<IntegrationSettingsDto>(SETTINGS_URL);
  }

  /** Send only what changed; the API validates everything before writing anything (400 with `fields`). */
  update(changes: UpdateIntegrationSettingsRequest): Observable<IntegrationSettingsDto> {
    return this.http.patch<IntegrationSettingsDto>(SETTINGS_URL, changes);
  }
}
