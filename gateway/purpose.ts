import { ERROR_CODES } from "../subgraphs/kit/errorCodes.js";
import { PURPOSES, type Purpose } from "../subgraphs/kit/principal.js";

export const PURPOSE_HEADER = "x-purpose-of-use";

export class PurposeError extends Error {
  override name = "PurposeError";
  readonly status = 400;
  readonly code = ERROR_CODES.PURPOSE_INVALID;
  constructor() {
    super(`X-Purpose-Of-Use must be one of ${PURPOSES.join(", ")}`);
  }
}

/** The declared purpose of use, or null when none was declared. An unknown value is refused, not ignored. */
export function readPurpose(header: string | string[] | undefined): Purpose | null {
  if (header === undefined || header === "") return null;
  if (Array.isArray(header) || !(PURPOSES as readonly string[]).includes(header.trim())) throw new PurposeError();
  return header.trim() as Purpose;
}
