import { ERROR_CODES } from "../vocabulary/errorCodes.js";
import { PURPOSES, type Purpose } from "../vocabulary/principal.js";

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

export const JUSTIFICATION_HEADER = "x-emergency-justification";
const MAX_JUSTIFICATION_LENGTH = 2_000;

export class JustificationError extends Error {
  override name = "JustificationError";
  readonly status = 400;
  readonly code = ERROR_CODES.BAD_USER_INPUT;
}

/**
 * The written justification of an emergency (X-Emergency-Justification), or null when none was
 * sent. HTTP header values are Latin-1, so text in other scripts is sent percent-encoded (as
 * `encodeURIComponent` writes it) and decoded here. Whether it is blank is the rule's question.
 */
export function readJustification(header: string | string[] | undefined): string | null {
  if (header === undefined || header === "") return null;
  if (Array.isArray(header)) throw new JustificationError("Send X-Emergency-Justification once");
  let text: string;
  try {
    text = decodeURIComponent(header);
  } catch {
    throw new JustificationError("X-Emergency-Justification is not valid percent-encoded text");
  }
  if (text.length > MAX_JUSTIFICATION_LENGTH) throw new JustificationError(`X-Emergency-Justification may hold at most ${MAX_JUSTIFICATION_LENGTH} characters`);
  return text.trim();
}
