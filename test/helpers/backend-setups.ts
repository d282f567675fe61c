// The end-to-end lifecycle suite (test/e2e/lifecycle.test.ts) runs the same scenarios against every
// backend listed here. Each entry says whether it can run on this machine and which environment
// points the binary at it.

import { startFreshdeskFake } from '../fakes/freshdesk-server.js';
import { startJsmFake } from '../fakes/jsm-server.js';
import { startZendeskFake } from '../fakes/zendesk-server.js';

export interface BackendSetup {
  name: string;
  /**
   * null when the backend can run here; otherwise the reason it cannot. Under CI=true a backend
   * that should run but cannot is a failure, not a skip (see lifecycle.test.ts).
   */
  unavailable(): string | null;
  /** Whether CI is expected to provide it (then unavailability fails the suite). */
  requiredInCI: boolean;
  /** Start what it needs (fake servers) and return the env that points `ticket` at it. */
  setup(home: string): Promise<{ env: Record<string, string>; teardown?: () => Promise<void> }>;
  /** A category with the DMS fields (site, document type, document number digits 4–10). */
  dmsCategory: string;
  /** The e-mail the tickets are filed as (for --mine / --requester). */
  requesterEmail?: string;
  /** False when the backend's fields carry no validation pattern (JSM request type fields). */
  fieldPatterns?: boolean;
}

export const backendSetups: BackendSetup[] = [
  {
    name: 'local',
    unavailable: () => null,
    requiredInCI: true,
    setup: async () => ({ env: {} }),
    dmsCategory: 'DMS',
  },
  {
    // Loopback fake of the Zendesk API v2 (test/fakes/zendesk-server.ts): agent profile, API token.
    // The first upload token it issues is "expired" (the attachment scenario proves the re-upload) and
    // the first list answers 429 Retry-After: 1 (proves the wait).
    name: 'zendesk',
    unavailable: () => null,
    requiredInCI: true,
    setup: async () => {
      const fake = await startZendeskFake({ expireFirstUpload: true, throttleFirstList: true });
      return {
        env: { TICKET_BACKEND: 'zendesk', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token },
        teardown: () => fake.close(),
      };
    },
    dmsCategory: '5002',
    requesterEmail: 'agent@example.com',
  },
  {
    // A real Request Tracker 5 (scripts/rt/start.sh; CI sources $RT_STATE/env). The non-admin
    // customer account files the tickets; the DMS queue has the seed's custom fields.
    name: 'rt',
    unavailable: () =>
      process.env.RT_URL
        ? null
        : 'RT_URL is not set: run scripts/rt/start.sh and export the variables of $RT_STATE/env (default /tmp/ticket-rt/env).',
    requiredInCI: true,
    setup: async () => ({
      env: {
        TICKET_BACKEND: 'rt',
        TICKET_URL: process.env.RT_URL ?? '',
        TICKET_USER: process.env.RT_CUSTOMER_USER ?? 'customer',
        TICKET_PASSWORD: process.env.RT_CUSTOMER_PASSWORD ?? 'customer-password',
      },
    }),
    dmsCategory: 'DMS',
    requesterEmail: process.env.RT_CUSTOMER_EMAIL ?? 'customer@example.com',
  },
  {
    // Loopback fake of the Freshdesk API v2 (test/fakes/freshdesk-server.ts): API key as Basic user.
    // The DMS ticket type's section carries the DMS fields; the first list answers 429 Retry-After: 1.
    name: 'freshdesk',
    unavailable: () => null,
    requiredInCI: true,
    setup: async () => {
      const fake = await startFreshdeskFake({ throttleFirstList: true });
      return {
        env: { TICKET_BACKEND: 'freshdesk', TICKET_URL: fake.url, TICKET_TOKEN: fake.apiKey },
        teardown: () => fake.close(),
      };
    },
    dmsCategory: 'DMS',
    requesterEmail: 'agent@example.com',
  },
  {
    // Loopback fake of Jira Service Management Cloud (test/fakes/jsm-server.ts): e-mail + API token,
    // the DMS request type carries the DMS fields (option ids, no pattern: Jira fields have none) and
    // a priority field; transitions have French names. The first list answers 429 Retry-After: 1.
    name: 'jsm',
    unavailable: () => null,
    requiredInCI: true,
    setup: async () => {
      const fake = await startJsmFake({ throttleFirstList: true });
      return {
        env: { TICKET_BACKEND: 'jsm', TICKET_URL: fake.url, TICKET_USER: fake.email, TICKET_TOKEN: fake.token },
        teardown: () => fake.close(),
      };
    },
    dmsCategory: '11',
    requesterEmail: 'agent@example.com',
    fieldPatterns: false,
  },
];
