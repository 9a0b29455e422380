import type { RxCollection, RxDatabase } from 'rxdb';
import type { Report } from '../../../../domain/report';
import type { EventDoc, EventSyncDoc, ReportSyncDoc } from './schemas';

export type TertibCollections = {
  reports: RxCollection<Report>;
  report_sync: RxCollection<ReportSyncDoc>;
  events: RxCollection<EventDoc>;
  event_sync: RxCollection<EventSyncDoc>;
};

export type TertibRxDatabase = RxDatabase<TertibCollections>;
