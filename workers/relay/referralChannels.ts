import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SystemCall } from "../../platform/systemClient.js";
import { classifyDeliveryFailure, clipReason, DeliveryFailureKind, PermanentDeliveryError, UnrecordedDeliveryError, type DeliveryFailure } from "./deliveryFailure.js";
import type { OutboxChannel } from "./outboxRelay.js";

// The two directions between the network (where a referral's status lives) and the shelters
// subgraph (where its bed lives). No transaction spans both databases: each side writes what the
// other must learn into an outbox in the same transaction as its own change, and these channels
// apply it on the other side, idempotently, until acknowledged (docs/design.md, "Referrals across
// two databases").

const ENDED = new Set(["DECLINED", "COMPLETED", "CLOSED", "WITHDRAWN", "HANDED_BACK"]);

/** Frees a referral's place at the shelter (idempotent there: the place comes back once). */
async function releaseIntake(shelters: SystemCall, referralId: string, reason: string, requestId: string): Promise<void> {
  await shelters(`mutation Release($referralId: ID!, $reason: String!) { _releaseIntake(referralId: $referralId, reason: $reason) { id } }`, { referralId, reason }, requestId);
}

const feedItem = z.object({
  position: z.string(),
  referralId: z.string(),
  receiverOrganizationId: z.string(),
  serviceId: z.string(),
  survivorId: z.string(),
  status: z.string(),
  version: z.number().int(),
  reason: z.string().nullable(),
});
type FeedItem = z.infer<typeof feedItem> & { id: string };

/**
 * Network → shelters: every event of a referral addressed to a shelter programme updates the
 * shelter's copy of it (status and version, newer only); an ended referral frees its place.
 */
export function networkToShelters(network: SystemCall, shelters: SystemCall): OutboxChannel<FeedItem> {
  return {
    name: "referrals network→shelters",
    async pull(limit) {
      const data = await network<{ _referralFeed: unknown[] }>(
        `mutation Feed($limit: Int!) { _referralFeed(consumer: "shelters", limit: $limit) { position referralId receiverOrganizationId serviceId survivorId status version reason } }`,
        { limit },
        `relay-${randomUUID()}`,
      );
      return z
        .array(feedItem)
        .parse(data._referralFeed)
        .map((item) => ({ ...item, id: item.position }));
    },
    async deliver(item) {
      const requestId = `relay-${randomUUID()}`;
      await shelters(
        `mutation Receive($input: ShelterReferralCopyInput!) { _receiveReferral(input: $input) { version } }`,
        {
          input: {
            referralId: item.referralId,
            receiverOrganizationId: item.receiverOrganizationId,
            programId: item.serviceId,
            survivorId: item.survivorId,
            status: item.status,
            version: item.version,
          },
        },
        requestId,
      );
      if (ENDED.has(item.status)) {
        await releaseIntake(shelters, item.referralId, `Referral ${item.status.toLowerCase().replace("_", " ")}`, requestId);
      }
    },
    async ack(ids) {
      // Every position: the network moves the cursor to the last of them, and marks one that was parked and sent back in line delivered.
      await network(`mutation Ack($positions: [String!]!) { _ackReferralFeed(consumer: "shelters", positions: $positions) }`, { positions: ids }, `relay-${randomUUID()}`);
    },
    park: reportToNetwork(network, "_parkReferralFeed"),
    hold: reportToNetwork(network, "_holdReferralFeed"),
  };
}

const outboxMessage = z.object({ id: z.string(), kind: z.string(), referralId: z.string(), payload: z.string() });
type ShelterMessage = z.infer<typeof outboxMessage>;
const intakeAccepted = z.object({
  referralId: z.string(),
  intakeId: z.string(),
  expectedVersion: z.number().int(),
  acceptedByMemberId: z.string(),
  organizationId: z.string(),
});

/** An acceptance's payload, or a permanent failure: a message that does not parse never will. */
function parseIntakeAccepted(payload: string): z.infer<typeof intakeAccepted> {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new PermanentDeliveryError("INVALID_MESSAGE", "The message's payload is not JSON");
  }
  const parsed = intakeAccepted.safeParse(json);
  if (!parsed.success)
    throw new PermanentDeliveryError(
      "INVALID_MESSAGE",
      `The message's payload is not an acceptance: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** What the source keeps of a refusal or failure (its columns' widths). */
const refusal = (failure: DeliveryFailure) => ({ code: failure.code.slice(0, 60), reason: failure.reason.slice(0, 500) });

/** Parks a feed event at the network, or keeps it aside there while it is retried. */
function reportToNetwork(network: SystemCall, field: "_parkReferralFeed" | "_holdReferralFeed") {
  return async (item: FeedItem, failure: DeliveryFailure): Promise<void> => {
    const mutation = `mutation Report($position: String!, $code: String!, $reason: String!) { ${field}(consumer: "shelters", position: $position, code: $code, reason: $reason) }`;
    await network(mutation, { position: item.position, ...refusal(failure) }, `relay-${randomUUID()}`);
  };
}

/** Parks an outbox message at the shelters, or keeps it aside there while it is retried. */
function reportToShelters(shelters: SystemCall, field: "_parkShelterOutbox" | "_holdShelterOutbox") {
  return async (message: ShelterMessage, failure: DeliveryFailure): Promise<void> => {
    await shelters(
      `mutation Report($id: ID!, $code: String!, $reason: String!) { ${field}(id: $id, code: $code, reason: $reason) }`,
      { id: message.id, ...refusal(failure) },
      `relay-${randomUUID()}`,
    );
  };
}

/**
 * Shelters → network: a shelter's intake accepted a referral (bed reserved). The network moves the
 * referral to ACCEPTED (idempotent per intake); then the intake is confirmed. If the referral moved
 * on meanwhile (withdrawn, or changed since the shelter read it), the intake is released: the place
 * comes back, exactly once.
 */
export function sheltersToNetwork(network: SystemCall, shelters: SystemCall): OutboxChannel<ShelterMessage> {
  return {
    name: "referrals shelters→network",
    async pull(limit) {
      const data = await shelters<{ _shelterOutbox: unknown[] }>(
        `mutation Outbox($limit: Int!) { _shelterOutbox(limit: $limit) { id kind referralId payload } }`,
        { limit },
        `relay-${randomUUID()}`,
      );
      return z.array(outboxMessage).parse(data._shelterOutbox);
    },
    async deliver(message) {
      if (message.kind !== "INTAKE_ACCEPTED") throw new PermanentDeliveryError("UNKNOWN_KIND", `No way to deliver a shelter outbox message of kind ${message.kind.slice(0, 60)}`);
      const payload = parseIntakeAccepted(message.payload);
      const requestId = `relay-${randomUUID()}`;
      const result = await network<{ _applyIntakeAcceptance: { accepted: boolean } }>(
        `mutation Apply($input: IntakeAcceptanceInput!) { _applyIntakeAcceptance(input: $input) { accepted } }`,
        { input: payload },
        requestId,
      );
      // The network has decided, for good: from here the message must never be parked (and so
      // discarded), or the shelter could free a bed the network has accepted. Only a refusal
      // (no such intake here: nothing to free) parks it.
      try {
        if (result._applyIntakeAcceptance.accepted) {
          await shelters(`mutation Confirm($referralId: ID!) { _confirmIntake(referralId: $referralId) { id } }`, { referralId: payload.referralId }, requestId);
        } else {
          await releaseIntake(shelters, payload.referralId, "The referral changed before the acceptance reached it", requestId);
        }
      } catch (error) {
        const failure = classifyDeliveryFailure(error);
        if (failure.kind !== DeliveryFailureKind.FAILED) throw error;
        throw new UnrecordedDeliveryError({
          ...failure,
          kind: DeliveryFailureKind.UNRECORDED,
          reason: clipReason(`the network has the acceptance; recording it here failed: ${failure.reason}`),
        });
      }
    },
    async ack(ids) {
      await shelters(`mutation Ack($ids: [ID!]!) { _ackShelterOutbox(ids: $ids) }`, { ids }, `relay-${randomUUID()}`);
    },
    park: reportToShelters(shelters, "_parkShelterOutbox"),
    hold: reportToShelters(shelters, "_holdShelterOutbox"),
  };
}
