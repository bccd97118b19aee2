/**
 * vitest's asymmetric matchers, typed `unknown`: vitest types them `any`, and an `any` placed in an
 * expected object is what typescript-eslint's no-unsafe-assignment refuses. The same matchers,
 * checking the same; use these where a matcher stands as a property of an expected object.
 */
import { expect } from "vitest";

/** `expect.any(type)`: any value made by `type` (String, Number, Date, …). */
export const anyOf = (type: unknown): unknown => expect.any(type);

/** `expect.stringMatching(pattern)`. */
export const stringMatching = (pattern: string | RegExp): unknown => expect.stringMatching(pattern);

/** `expect.objectContaining(object)`. */
export const objectContaining = (object: Record<string, unknown>): unknown => expect.objectContaining(object);
