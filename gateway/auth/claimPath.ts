/**
 * Where a claim sits in a JWT payload: the member names to follow from the top-level object.
 * `["org"]` is the top-level `org` claim; `["realm_access", "roles"]` is Keycloak's realm roles;
 * `["https://srn.example/org"]` is an Auth0-style namespaced claim, whose name contains dots.
 */
export type ClaimPath = readonly string[];

const MAX_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 200;

/**
 * Reads a claim path from configuration. Two spellings:
 * - dotted: `realm_access.roles` (each dot descends into a nested object);
 * - a JSON array of member names: `["https://srn.example/org"]` or `["ns.example", "roles"]`,
 *   for names that contain dots themselves.
 * Throws an Error whose message says what is wrong (the caller adds the variable's name).
 */
export function parseClaimPath(text: string): ClaimPath {
  let segments: unknown;
  if (text.trimStart().startsWith("[")) {
    try {
      segments = JSON.parse(text);
    } catch {
      throw new Error("must be a dotted path or a JSON array of claim names");
    }
    if (!Array.isArray(segments) || !segments.every((s) => typeof s === "string")) {
      throw new Error("must be a dotted path or a JSON array of claim names");
    }
  } else {
    segments = text.split(".");
  }
  const path = segments as string[];
  if (path.length === 0 || path.length > MAX_SEGMENTS) {
    throw new Error(`must name between 1 and ${MAX_SEGMENTS} claims`);
  }
  if (path.some((s) => s.length === 0 || s.length > MAX_SEGMENT_LENGTH)) {
    throw new Error(`each claim name must be 1 to ${MAX_SEGMENT_LENGTH} characters`);
  }
  return Object.freeze([...path]);
}

/** The value at `path`, or undefined when any step is absent or not an object. */
export function readClaim(payload: Readonly<Record<string, unknown>>, path: ClaimPath): unknown {
  let current: unknown = payload;
  for (const segment of path) {
    // Own members only: a path such as `constructor` or `__proto__` must find nothing rather
    // than something inherited from Object.prototype.
    if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** How the path reads in messages: dotted when unambiguous, else as its JSON array. */
export function formatClaimPath(path: ClaimPath): string {
  return path.some((s) => s.includes(".")) ? JSON.stringify(path) : path.join(".");
}
