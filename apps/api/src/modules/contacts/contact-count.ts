import { Injectable } from '@nestjs/common';
import { CONTACT_COUNT_CAP, type ContactCountDto, type ContactCountQuery } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';
import { contactFilterConditions } from './contact-search';

interface CappedCountRow {
  count: number;
}
interface TableEstimateRow {
  estimate: number;
}

/**
 * "1–50 of 2,000" for the contacts list without counting a million rows on every search: at most CAP + 1 matching
 * rows are counted (a LIMIT inside the count, so a big table stops early), and a larger unfiltered table reports
 * PostgreSQL's own estimate of its size instead.
 */
@Injectable()
export class ContactCountReader {
  constructor(private readonly dataSource: DataSource) {}

  async count(query: ContactCountQuery): Promise<ContactCountDto> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const filters = contactFilterConditions(query, param);
    const where = ['deleted_at IS NULL', ...filters].join(' AND ');
    const capped = await sql.one<CappedCountRow>(
      this.dataSource,
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM contacts WHERE ${where} LIMIT ${param(CONTACT_COUNT_CAP + 1)}) AS matching`,
      params,
    );
    const count = capped?.count ?? 0;
    if (count <= CONTACT_COUNT_CAP) return { count, kind: 'exact' };
    if (filters.length === 0) {
      // reltuples is refreshed by (auto)vacuum/analyze; -1 or a stale small value means "unknown": say "at least".
      const table = await sql.one<TableEstimateRow>(
        this.dataSource,
        `SELECT reltuples::bigint::float8 AS estimate FROM pg_class WHERE oid = 'contacts'::regclass`,
      );
      const estimate = Math.round(table?.estimate ?? 0);
      if (estimate > CONTACT_COUNT_CAP) return { count: estimate, kind: 'estimate' };
    }
    return { count: CONTACT_COUNT_CAP, kind: 'atLeast' };
  }
}
