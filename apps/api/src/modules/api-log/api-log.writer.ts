import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ExternalSystem } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { currentCorrelation, noteApiCall } from '../../common/correlation';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { redactBodyForLog, redactQueryForLog } from './redaction';

export interface ExternalCallRecord {
  system: ExternalSystem;
  operation: string;
  method: string;
  url: URL;
  status: number | null;
  durationMs: number;
  attempt: number;
  /** What the caller did after this attempt and why (the CC client's retry decision). */
  decision?: string | null;
  /** Who the call was made for, as the CC request budget served it (opt-out, field-update, membership, user, run). */
  lane?: string | null;
  errorKey?: string | null;
  errorMessage?: string | null;
  requestBody?: unknown;
  requestContentType?: string;
  responseBody?: unknown;
  responseContentType?: string;
}

/** Writes one api_call_log row per external call attempt, redacted, tagged with what caused it. */
@Injectable()
export class ApiLogWriter {
  private readonly logger = new Logger('ApiLog');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The row's id is noted in the correlation scope (`lastApiCallId`): a consent event names the call that carried it. */
  async record(call: ExternalCallRecord): Promise<void> {
    const limit = this.config.API_LOG_BODY_LIMIT_BYTES;
    const correlation = currentCorrelation();
    try {
      const row = await sql.one<{ id: string }>(
        this.dataSource,
        `INSERT INTO api_call_log (external_system, operation, method, path, query, status, duration_ms, attempt,
           job_run_id, user_id, request_id, error_key, error_message, request_body, response_body, decision, budget_lane)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id::text`,
        [
          call.system,
          call.operation,
          call.method,
          call.url.pathname,
          redactQueryForLog(call.url.search.replace(/^\?/, '')),
          call.status,
          Math.round(call.durationMs),
          call.attempt,
          correlation.jobRunId ?? null,
          correlation.userId ?? null,
          correlation.requestId ?? null,
          call.errorKey?.slice(0, 200) ?? null,
          call.errorMessage ?? null,
          redactBodyForLog(call.requestBody, call.requestContentType, limit),
          redactBodyForLog(call.responseBody, call.responseContentType, limit),
          call.decision ?? null,
          call.lane ?? null,
        ],
      );
      if (row) noteApiCall(row.id);
    } catch (error) {
      // The log must never break the call it describes.
      this.logger.warn(`could not record an external call: ${(error as Error).message}`);
    }
  }
}
