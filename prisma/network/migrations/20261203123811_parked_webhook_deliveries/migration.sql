-- AlterTable
ALTER TABLE "webhook_delivery" ADD COLUMN     "discard_reason" VARCHAR(500),
ADD COLUMN     "park_reason" VARCHAR(500),
ADD COLUMN     "parked_at" TIMESTAMPTZ(3),
ADD COLUMN     "parked_state" "ParkedDeliveryState",
ADD COLUMN     "referral_id" UUID,
ADD COLUMN     "resolved_at" TIMESTAMPTZ(3),
ADD COLUMN     "resolved_by_member_id" UUID;

-- By hand: existing deliveries get their event's referral before the column is required.
UPDATE "webhook_delivery" AS d SET "referral_id" = e."referral_id" FROM "referral_event" AS e WHERE e."position" = d."event_position";
ALTER TABLE "webhook_delivery" ALTER COLUMN "referral_id" SET NOT NULL;

-- By hand: a delivery the worker gave up on (it no longer tried one after 12 failed attempts, and
-- said so nowhere) is parked, so that an admin sees it and can retry or discard it.
UPDATE "webhook_delivery" SET "parked_state" = 'PARKED', "parked_at" = now(),
  "park_reason" = left('Given up after ' || "attempts" || ' failed attempts; the last: ' || coalesce("last_error", 'no answer'), 500)
WHERE "delivered_at" IS NULL AND "attempts" >= 12;

-- By hand: WAITING is derived from the order (a later delivery of a referral with a PARKED one), never stored.
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_parked_state_stored" CHECK ("parked_state" IS DISTINCT FROM 'WAITING');

-- CreateIndex
CREATE INDEX "webhook_delivery_subscription_id_referral_id_event_position_idx" ON "webhook_delivery"("subscription_id", "referral_id", "event_position");

-- CreateIndex
CREATE INDEX "webhook_delivery_subscription_id_parked_state_idx" ON "webhook_delivery"("subscription_id", "parked_state");
