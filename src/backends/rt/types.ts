// RT REST 2.0 wire types: what the server sends, before mapping (mapping.ts).
import type { Category, Person } from '../../model.js';

/** A link to another record, or an expanded one (`fields[Requestor]=...`), or a CF value list. */
export interface RtLink {
  id?: string | number;
  _url?: string;
  type?: string;
  ref?: string;
  Name?: string;
  EmailAddress?: string;
  RealName?: string;
  name?: string;
  values?: string[];
}

export interface RtTicket {
  id: string | number;
  Subject?: string;
  Status?: string;
  Priority?: string | number;
  Queue?: RtLink;
  Requestor?: RtLink[];
  Cc?: RtLink[];
  Created?: string;
  LastUpdated?: string;
  CustomFields?: RtLink[];
}

export interface RtCollection<T> {
  items: T[];
  next_page?: string;
  total?: number | null;
  count?: number;
}

export interface RtCustomField {
  id: string | number;
  Name: string;
  Type: string;
  MaxValues?: string | number;
  Pattern?: string;
  EntryHint?: string;
  Description?: string;
  Disabled?: string | number;
  BasedOn?: RtLink | '';
  Values?: string[] | '';
  LookupType?: string;
}

export interface RtAttachment {
  id: string | number;
  TransactionId?: string | number | RtLink;
  ContentType?: string;
  Filename?: string;
  ContentLength?: string | number;
  Content?: string;
}

export interface RtTransaction {
  id: string | number;
  Type: string;
  Created?: string;
  Creator?: RtLink;
}

export interface RtArticle {
  id: string | number;
  Name?: string;
  Summary?: string;
  Class?: RtLink;
  CustomFields?: RtLink[];
}

/** A queue as the adapter keeps it. */
export interface RtQueue {
  id: string;
  name: string;
  description: string | null;
  canCreate: boolean;
  /** The queue's lifecycle name ("default"); null when RT did not say. */
  lifecycle?: string | null;
}

/** The schema cache file in the state dir (state.ts). */
export interface SchemaCache {
  queues?: { at: number; list: RtQueue[] };
  categories: Record<string, { at: number; category: Category; dedupe: boolean; idem?: boolean; types?: string[] | null }>;
  me?: { at: number; key: string; person: Person };
  /** The server has the IdempotencyKey field (kept without expiry: outbox sends come later). */
  idemField?: boolean;
}
