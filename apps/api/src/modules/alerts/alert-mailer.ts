import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AlertRow } from './alert.row';

/**
 * Mails an alert to the admins through SMTP (nodemailer). Off unless SMTP_URL is set: the alerts are still raised
 * and shown in the admin. The URL may carry credentials: it is never logged.
 */
@Injectable()
export class AlertMailer implements OnApplicationShutdown {
  private readonly logger = new Logger('AlertMailer');
  private readonly transport: Transporter | null;
  private readonly adminOrigin: string | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? createTransport(config.SMTP_URL) : null;
    // The admin is served by the API, whose public address is the OAuth callback's.
    this.adminOrigin = config.CTCT_REDIRECT_URI ? new URL(config.CTCT_REDIRECT_URI).origin : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(alert: AlertRow, to: string[]): Promise<void> {
    if (!this.transport || to.length === 0) return;
    const fix = this.adminOrigin ? `${this.adminOrigin}${alert.link}` : alert.link;
    await this.transport.sendMail({
      from: this.config.SMTP_FROM,
      to,
      subject: `[ctct-connect] ${alert.title}`,
      text:
        `${alert.message}\n\nFix it here: ${fix}\n\n` +
        `Raised ${new Date(alert.raised_at).toISOString()}. You get one e-mail per alert; the admin's bell lists them all.\n`,
    });
    this.logger.log(`mailed alert ${alert.kind} to ${to.length} admin(s)`);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
