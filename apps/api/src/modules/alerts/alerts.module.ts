import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CtctModule } from '../ctct/ctct.module';
import { PushModule } from '../push/push.module';
import { RunsModule } from '../runs/runs.module';
import { AlertMailer } from './alert-mailer';
import { AlertsController } from './alerts.controller';
import { AlertsMonitor } from './alerts.monitor';
import { AlertsRepository } from './alerts.repository';

/**
 * Alerts: owner of the `alerts` table. Raises one alert per cause (connection needs re-authorising, a run failed,
 * a run paused for over an hour, 80% of the daily quota used, opt-outs not in CC after an hour), resolves it when
 * the cause is gone, shows them in the admin (the bell) and mails them to the admins (SMTP, when configured).
 * It reads the other modules through their services and events; none of them depends on it.
 */
@Module({
  imports: [AuthModule, CtctModule, RunsModule, PushModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertMailer, AlertsMonitor],
  exports: [AlertsMonitor],
})
export class AlertsModule {}
