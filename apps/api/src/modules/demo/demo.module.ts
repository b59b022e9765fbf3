import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';

/** Demo data for `npm start` (DEMO_SEED=true). */
@Module({ providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
