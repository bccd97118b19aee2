import type { AssertionSigner } from "../platform/assertion.js";
import type { Principal } from "../vocabulary/principal.js";

/** What the gateway knows about one request, from its HTTP layer to its subgraph fetches. */
export interface GatewayContext {
  principal: Principal;
  /** The written justification sent with purpose EMERGENCY (X-Emergency-Justification); null when none. */
  emergencyJustification: string | null;
  requestId: string;
  signer: AssertionSigner;
}
