import { Injectable, Logger } from '@nestjs/common';
import { CtctConnectionService } from './ctct-connection.service';
import { TokenSet } from './ctct-token.client';
import { CtctClient } from './ctct.client';

/** Completes a connect: stores the new tokens, then reads the account summary the admin is shown. */
@Injectable()
export class CtctAuthorizationService {
  private readonly logger = new Logger('CtctAuthorization');

  constructor(
    private readonly connection: CtctConnectionService,
    private readonly client: CtctClient,
  ) {}

  async complete(tokens: TokenSet, userId: string | null): Promise<void> {
    await this.connection.saveAuthorization(tokens, userId);
    try {
      const account = await this.client.call('getAccountById');
      await this.connection.saveAccount({
        encodedAccountId: account.encoded_account_id ?? null,
        organizationName: account.organization_name ?? null,
        email: account.contact_email ?? null,
      });
    } catch (error) {
      // Connected all the same; the account name shows up on the next successful read.
      this.logger.warn(`connected, but the account summary could not be read: ${(error as Error).message}`);
    }
  }
}
