/** The headers of a webhook delivery: the event's id (receivers de-duplicate by it) and our signature of the body. */
export const WEBHOOK_EVENT_ID_HEADER = "x-srn-event-id";
export const WEBHOOK_SIGNATURE_HEADER = "x-srn-signature";
