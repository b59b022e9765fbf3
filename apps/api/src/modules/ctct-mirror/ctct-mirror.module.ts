import { Module } from '@nestjs/common';
import { CtctMirrorService } from './ctct-mirror.service';

/**
 * The mirror of what CC has (lists, contacts, campaigns, and how far tracking reports were imported). Filled by
 * the sync jobs, kept current by pushes and the bulk run; CtctMirrorService is the only writer of its tables.
 * Integration data only: never copied into CRM contact fields.
 */
@Module({ providers: [CtctMirrorService], exports: [CtctMirrorService] })
export class CtctMirrorModule {}
