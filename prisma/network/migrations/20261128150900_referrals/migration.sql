-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('SENT', 'ACKNOWLEDGED', 'ACCEPTED', 'DECLINED', 'IN_SERVICE', 'COMPLETED', 'CLOSED', 'WITHDRAWN', 'HANDED_BACK');

-- CreateEnum
CREATE TYPE "ReferralUrgency" AS ENUM ('ROUTINE', 'URGENT', 'IMMEDIATE');

-- CreateEnum
CREATE TYPE "ReferralServiceKind" AS ENUM ('SHELTER_PROGRAM', 'LEGAL_SERVICE', 'LIAISON_UNIT');

-- CreateEnum
CREATE TYPE "ReferralDeclineReason" AS ENUM ('NO_CAPACITY', 'NOT_ELIGIBLE', 'OUT_OF_AREA', 'LANGUAGE_NOT_AVAILABLE', 'SAFETY_CONCERN', 'SURVIVOR_DECLINED_SERVICE', 'DUPLICATE_REFERRAL', 'OTHER');

-- CreateTable
CREATE TABLE "referral" (
    "id" UUID NOT NULL,
    "idempotency_key" VARCHAR(100) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "survivor_id" UUID NOT NULL,
    "sender_organization_id" UUID NOT NULL,
    "sender_member_id" UUID NOT NULL,
    "receiver_organization_id" UUID NOT NULL,
    "service_kind" "ReferralServiceKind" NOT NULL,
    "service_id" UUID NOT NULL,
    "purpose" VARCHAR(40) NOT NULL,
    "categories" TEXT[],
    "urgency" "ReferralUrgency" NOT NULL,
    "note" VARCHAR(4000),
    "status" "ReferralStatus" NOT NULL DEFAULT 'SENT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "decline_reason" "ReferralDeclineReason",
    "status_detail" VARCHAR(2000),
    "outcome" VARCHAR(2000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_event" (
    "position" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "referral_id" UUID NOT NULL,
    "from_status" "ReferralStatus",
    "to_status" "ReferralStatus" NOT NULL,
    "version" INTEGER NOT NULL,
    "actor_member_id" UUID,
    "actor_organization_id" UUID,
    "reason" VARCHAR(2000),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "organization_ids" TEXT[],

    CONSTRAINT "referral_event_pkey" PRIMARY KEY ("position")
);

-- CreateIndex
CREATE INDEX "referral_sender_organization_id_created_at_id_idx" ON "referral"("sender_organization_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "referral_receiver_organization_id_created_at_id_idx" ON "referral"("receiver_organization_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "referral_survivor_id_idx" ON "referral"("survivor_id");

-- CreateIndex
CREATE UNIQUE INDEX "referral_sender_organization_id_idempotency_key_key" ON "referral"("sender_organization_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "referral_event_id_key" ON "referral_event"("id");

-- CreateIndex
CREATE INDEX "referral_event_referral_id_position_idx" ON "referral_event"("referral_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "referral_event_referral_id_version_key" ON "referral_event"("referral_id", "version");

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_survivor_id_fkey" FOREIGN KEY ("survivor_id") REFERENCES "survivor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma does not model these).
ALTER TABLE "referral" ADD CONSTRAINT "referral_not_to_itself" CHECK ("sender_organization_id" <> "receiver_organization_id");
ALTER TABLE "referral" ADD CONSTRAINT "referral_version_positive" CHECK ("version" >= 1);
ALTER TABLE "referral" ADD CONSTRAINT "referral_categories_not_empty" CHECK (cardinality("categories") > 0);
ALTER TABLE "referral" ADD CONSTRAINT "referral_declined_with_reason" CHECK ("status" <> 'DECLINED' OR "decline_reason" IS NOT NULL);
ALTER TABLE "referral" ADD CONSTRAINT "referral_ended_with_outcome" CHECK ("status" NOT IN ('COMPLETED', 'CLOSED') OR "outcome" IS NOT NULL);

-- A referral's history is kept as written: no update, no delete.
CREATE FUNCTION referral_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'referral_event is append-only';
END;
$$;
CREATE TRIGGER referral_event_append_only BEFORE UPDATE OR DELETE ON "referral_event"
  FOR EACH ROW EXECUTE FUNCTION referral_event_append_only();
