import { expect } from "chai"; import { transition } from "../../src/consent/transition.ts"; import { NO_CONSENT } from "../../src/consent/consent-state.ts";
describe("consent transition", () => {
  it("opts out from none", () => { expect(transition(NO_CONSENT, { effect: "opt-out", eventTime: "2024-01-01T00:00:00Z", doubleOptInExpiresAfterDays: 30 }).after.state).to.equal("opted-out"); });
});
