import type { ApolloGateway } from "@apollo/gateway";
import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback, GatewayUnsubscriber } from "@apollo/server-gateway-interface";
import type { GatewayContext } from "../context.js";
import { runOperationSteps, type OperationStep } from "../steps/step.js";

/**
 * The policy enforcement point around @apollo/gateway. Apollo Server hands the whole execution to
 * the executor that `load()` returns, so this is the one place that sees every operation before
 * planning and every response before any plugin does: there it runs the pipeline's operation steps
 * (gateway/pipeline.ts), given @apollo/gateway's own executor to plan and fetch with.
 */
export class PolicyGateway implements GatewayInterface {
  constructor(
    private readonly inner: ApolloGateway,
    /** The operation steps, in order, around the executor that plans and fetches. */
    private readonly operationSteps: (execute: GatewayExecutor) => readonly OperationStep[],
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
  }

  async load(options: Parameters<GatewayInterface["load"]>[0]) {
    const { executor } = await this.inner.load(options);
    if (!executor) throw new Error("@apollo/gateway returned no executor");
    const steps = this.operationSteps(executor);
    const enforcing: GatewayExecutor = (request) =>
      runOperationSteps(steps, { request, context: request.context as GatewayContext, variables: request.request.variables ?? {}, writes: [] });
    return { executor: enforcing };
  }
}
