import { Injectable } from '@nestjs/common';
import type { ContactDto } from '@ctct/shared-types';
import { EntityManager } from 'typeorm';
import { ContactBeforeChange } from './contacts.repository';

/**
 * What another module (push) wants to do when the CRM changes a contact, inside the change's own transaction:
 * refuse it before anything is written, or write its own rows so the change never commits without them.
 */
export interface ContactChangeListener {
  /** Throws to refuse turning Do Not Email off. */
  assertMayClearDoNotEmail(manager: EntityManager, contact: ContactBeforeChange): Promise<void>;
  onContactCreated(manager: EntityManager, contact: ContactDto): Promise<void>;
  onDoNotEmailChanged(manager: EntityManager, contactId: string, doNotEmail: boolean): Promise<void>;
  /** The contact now follows another CC contact (its CC contact was deleted and re-created): CRM consent must follow. */
  onRelinked(manager: EntityManager, contact: { id: string; doNotEmail: boolean }, ctctId: string): Promise<void>;
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
}
