import { loadOrCreateAssertionKeys, readPrivateKeyFile } from "../platform/keys.js";
import { connectRedis, type Redis } from "../platform/redis.js";
import { assertProductionSafe, readAuthConfig, type AuthConfig } from "./auth/config.js";
import { devAuthConfig, loadOrCreateDevIssuer } from "./auth/devIssuer.js";
import { createTokenVerifier, type TokenVerifier } from "./auth/verifyToken.js";
import type { GatewayConfig } from "./config.js";

/**
 * Everything the gateway needs besides its configuration, made from the environment:
 * the token verifier (identity provider, or the development issuer where explicitly enabled),
 * the assertion signing key, Redis.
 */
export async function gatewayDependencies(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env) {
  let authConfig: AuthConfig = readAuthConfig(env);
  // Refuses the development issuer unless the gateway runs in development mode.
  assertProductionSafe(authConfig, { development: config.development });
  if (authConfig.devIssuer) {
    await loadOrCreateDevIssuer(config.dataDir);
    authConfig = devAuthConfig(config.dataDir);
  }
  const tokenVerifier: TokenVerifier = createTokenVerifier(authConfig);
  const assertionPrivateKey = config.assertionPrivateKeyFile
    ? await readPrivateKeyFile(config.assertionPrivateKeyFile)
    : (await loadOrCreateAssertionKeys(config.dataDir)).privateKey;
  const redis: Redis | null = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  return { authConfig, tokenVerifier, assertionPrivateKey, redis };
}
