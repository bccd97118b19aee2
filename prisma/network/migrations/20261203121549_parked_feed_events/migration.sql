-- CreateEnum
CREATE TYPE "ParkedDeliveryState" AS ENUM ('PARKED', 'WAITING', 'QUEUED', 'DELIVERED', 'DISCARDED');

-- CreateTable
CREATE TABLE "parked_feed_event" (
    "id" UUID NOT NULL,
    "consumer" VARCHAR(60) NOT NULL,
    "position" BIGINT NOT NULL,
    "referral_id" UUID NOT NULL,
    "state" "ParkedDeliveryState" NOT NULL,
    "code" VARCHAR(60),
    "reason" VARCHAR(500),
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "parked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_by_member_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "discard_reason" VARCHAR(500),

    CONSTRAINT "parked_feed_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "parked_feed_event_consumer_referral_id_position_idx" ON "parked_feed_event"("consumer", "referral_id", "position");

-- CreateIndex
CREATE INDEX "parked_feed_event_consumer_state_position_idx" ON "parked_feed_event"("consumer", "state", "position");

-- CreateIndex
CREATE UNIQUE INDEX "parked_feed_event_consumer_position_key" ON "parked_feed_event"("consumer", "position");

-- AddForeignKey
ALTER TABLE "parked_feed_event" ADD CONSTRAINT "parked_feed_event_position_fkey" FOREIGN KEY ("position") REFERENCES "referral_event"("position") ON DELETE RESTRICT ON UPDATE CASCADE;
