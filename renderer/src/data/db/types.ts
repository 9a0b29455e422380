import type { RxCollection, RxDatabase } from 'rxdb';
import type { Report } from '../../../../domain/report';
import type { EventDoc, ReportSyncDoc } from './schemas';

export type TertibCollections = {
  reports: RxCollection<Report>;
  report_sync: RxCollection<ReportSyncDoc>;
  events: RxCollection<EventDoc>;
};

export type TertibRxDatabase = RxDatabase<TertibCollections>;
