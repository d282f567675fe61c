// The one way tests build an undici MockAgent: no real network, and a test fails when it left an
// interceptor unused (a request the code was expected to send and did not is a finding, not noise).
import { onTestFinished } from 'vitest';
import { MockAgent } from 'undici';

/**
 * A MockAgent with net connect disabled. Call it inside a test (or a beforeEach): when that test
 * ends, the agent is checked for pending interceptors (failing the test) and closed.
 */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  onTestFinished(async () => {
    try {
      agent.assertNoPendingInterceptors();
    } finally {
      await agent.close();
    }
  });
  return agent;
}
