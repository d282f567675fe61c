// The end-to-end lifecycle suite (test/e2e/lifecycle.test.ts) runs the same scenarios against every
// backend listed here. Each entry says whether it can run on this machine and which environment
// points the binary at it.

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
}

export const backendSetups: BackendSetup[] = [
  {
    name: 'local',
    unavailable: () => null,
    requiredInCI: true,
    setup: async () => ({ env: {} }),
    dmsCategory: 'DMS',
  },
];
