import type { ContactType } from '@ctct/shared-types';
import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A CRM contact: the CRM owns this truth. The only Constant Contact data kept here is the CC contact id
 * it is linked to. Soft-deleted rows keep their data (deleted_at set) and are hidden from every query.
 */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Stored as the CRM has it (legacy rows may carry stray spaces or capitals); matching uses email_normalized.
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  // The email key (email-key.ts): written by the contacts service with every email. Read-only here.
  @Column({ name: 'email_normalized', type: 'text', insert: false, update: false, nullable: true })
  emailNormalized!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 100, nullable: true })
  lastName!: string | null;

  @Column({ name: 'job_title', type: 'varchar', length: 150, nullable: true })
  jobTitle!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'other' })
  type!: ContactType;

  @Column({ name: 'do_not_email', type: 'boolean', default: false })
  doNotEmail!: boolean;

  @Column({ name: 'ctct_contact_id', type: 'uuid', nullable: true })
  ctctContactId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date | null;
}
