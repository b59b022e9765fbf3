import { Injectable } from '@nestjs/common';
import type { ContactDto } from '@ctct/shared-types';
import { EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-errors';
import { ContactBeforeChange } from './contacts.repository';

/** The contact fields the CRM pushes to CC besides Do Not Email (column names). */
export type ContactPushedField = 'email' | 'first_name' | 'last_name';

/**
 * What another module (push) wants to do when the CRM changes a contact, inside the change's own transaction:
 * refuse it before anything is written, or write its own rows so the change never commits without them.
 */
export interface ContactChangeListener {
  /** Throws to refuse turning Do Not Email off (or ContactChangeMustWait when it cannot be decided yet). */
  assertMayClearDoNotEmail(manager: EntityManager, contact: ContactBeforeChange): Promise<void>;
  onContactCreated(manager: EntityManager, contact: ContactDto): Promise<void>;
  onDoNotEmailChanged(manager: EntityManager, contactId: string, doNotEmail: boolean): Promise<void>;
  /** The contact now follows another CC contact (its CC contact was deleted and re-created): CRM consent must follow. */
  onRelinked(manager: EntityManager, contact: { id: string; doNotEmail: boolean }, ctctId: string): Promise<void>;
  /** The email or a name of an existing contact changed (only the fields whose value changed). */
  onFieldsChanged(manager: EntityManager, contact: ContactBeforeChange, fields: ContactPushedField[]): Promise<void>;
}

/**
 * A listener cannot decide on the change yet (e.g. an opt-out of this contact is with CC right now, and whether
 * Do Not Email may be turned off depends on CC's answer). The change's transaction is rolled back, `until()` is
 * awaited outside it, and the change is tried again; after the last try `giveUp` is what the caller gets.
 */
export class ContactChangeMustWait extends Error {
  constructor(
    readonly until: () => Promise<void>,
    readonly giveUp: DomainError,
  ) {
    super(giveUp.message);
  }
}

/**
 * The listeners of CRM contact changes. Modules register themselves (push does, at start) instead of contacts
 * importing them, so contacts depends on nothing but interactions and every module can use ContactLinks.
 */
@Injectable()
export class ContactChangeListeners implements ContactChangeListener {
  private readonly listeners: ContactChangeListener[] = [];

  register(listener: ContactChangeListener): void {
    this.listeners.push(listener);
  }

  async assertMayClearDoNotEmail(manager: EntityManager, contact: ContactBeforeChange): Promise<void> {
    for (const listener of this.listeners) await listener.assertMayClearDoNotEmail(manager, contact);
  }

  async onContactCreated(manager: EntityManager, contact: ContactDto): Promise<void> {
    for (const listener of this.listeners) await listener.onContactCreated(manager, contact);
  }

  async onDoNotEmailChanged(manager: EntityManager, contactId: string, doNotEmail: boolean): Promise<void> {
    for (const listener of this.listeners) await listener.onDoNotEmailChanged(manager, contactId, doNotEmail);
  }

  async onRelinked(manager: EntityManager, contact: { id: string; doNotEmail: boolean }, ctctId: string): Promise<void> {
    for (const listener of this.listeners) await listener.onRelinked(manager, contact, ctctId);
  }

  async onFieldsChanged(manager: EntityManager, contact: ContactBeforeChange, fields: ContactPushedField[]): Promise<void> {
    if (fields.length === 0) return;
    for (const listener of this.listeners) await listener.onFieldsChanged(manager, contact, fields);
  }
}
