import { z } from "zod";
import type { SubgraphName } from "../vocabulary/subgraphs.js";

// Settings read from the environment by the gateway and the subgraphs alike.

/** `legal-aid` → `LEGAL_AID`: the prefix of that subgraph's environment variables. */
export function envPrefix(name: SubgraphName): string {
  return name.toUpperCase().replace(/-/g, "_");
}

export const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const redisUrl = z.url().refine((u) => /^rediss?:\/\//.test(u), "must be a redis:// or rediss:// URL");

/** Prefix of every Redis key, shared by the gateway and the subgraphs. */
export const redisKeyPrefix = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{0,40}$/)
  .default("srn:");
