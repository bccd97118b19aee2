-- CreateEnum
CREATE TYPE "ParkedDeliveryState" AS ENUM ('PARKED', 'WAITING', 'QUEUED', 'DELIVERED', 'DISCARDED');

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "discard_reason" VARCHAR(500),
ADD COLUMN     "park_code" VARCHAR(60),
ADD COLUMN     "park_reason" VARCHAR(500),
ADD COLUMN     "parked_at" TIMESTAMPTZ(3),
ADD COLUMN     "parked_state" "ParkedDeliveryState",
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resolved_at" TIMESTAMPTZ(3),
ADD COLUMN     "resolved_by_member_id" VARCHAR(255);

-- CreateIndex
CREATE INDEX "outbox_message_parked_state_id_idx" ON "outbox_message"("parked_state", "id");

-- By hand: WAITING is derived from the order (a later message of a referral with a PARKED one), never stored.
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_parked_state_stored" CHECK ("parked_state" IS DISTINCT FROM 'WAITING');
