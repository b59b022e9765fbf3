import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CampaignStatsDto, CampaignTimelineDto } from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/campaigns';

/** The only place the admin talks HTTP about campaigns. */
@Injectable({ providedIn: 'root' })
export class CampaignsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<CampaignStatsDto[]> {
    return this.http.get<CampaignStatsDto[]>(BASE);
  }

  /** Without `bucket` the API picks: hours for the first two days of engagement, else days. */
  timeline(campaignId: string, bucket: 'hour' | 'day' | null): Observable<CampaignTimelineDto> {
    return this.http.get<CampaignTimelineDto>(`${BASE}/${encodeURIComponent(campaignId)}/timeline`, {
      params: bucket ? { bucket } : {},
    });
  }
}
