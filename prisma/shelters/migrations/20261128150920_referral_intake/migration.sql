-- CreateEnum
CREATE TYPE "IntakeStatus" AS ENUM ('PENDING', 'CONFIRMED', 'RELEASED');

-- CreateTable
CREATE TABLE "bed" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "label" VARCHAR(120) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shelter_intake" (
    "id" UUID NOT NULL,
    "referral_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "bed_id" UUID,
    "status" "IntakeStatus" NOT NULL DEFAULT 'PENDING',
    "release_reason" VARCHAR(500),
    "accepted_by_member_id" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shelter_intake_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_copy" (
    "referral_id" UUID NOT NULL,
    "receiver_organization_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "status" VARCHAR(40) NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "referral_copy_pkey" PRIMARY KEY ("referral_id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "kind" VARCHAR(60) NOT NULL,
    "referral_id" UUID NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bed_program_id_label_key" ON "bed"("program_id", "label");

-- CreateIndex
CREATE UNIQUE INDEX "shelter_intake_referral_id_key" ON "shelter_intake"("referral_id");

-- CreateIndex
CREATE INDEX "shelter_intake_program_id_idx" ON "shelter_intake"("program_id");

-- CreateIndex
CREATE INDEX "shelter_intake_bed_id_idx" ON "shelter_intake"("bed_id");

-- CreateIndex
CREATE INDEX "referral_copy_receiver_organization_id_idx" ON "referral_copy"("receiver_organization_id");

-- CreateIndex
CREATE INDEX "outbox_message_referral_id_idx" ON "outbox_message"("referral_id");

-- AddForeignKey
ALTER TABLE "bed" ADD CONSTRAINT "bed_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "shelter_program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shelter_intake" ADD CONSTRAINT "shelter_intake_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "shelter_program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shelter_intake" ADD CONSTRAINT "shelter_intake_bed_id_fkey" FOREIGN KEY ("bed_id") REFERENCES "bed"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma's schema language cannot state these).

-- Capacity is never negative and never more than the beds there are: the last line of defence
-- behind the conditional updates that take and give back a bed.
ALTER TABLE "shelter_program" ADD CONSTRAINT "shelter_program_beds_available_check" CHECK ("beds_available" >= 0 AND "beds_available" <= "beds_total");

-- A bed is held by at most one live (PENDING or CONFIRMED) intake; released intakes keep their bed
-- as history.
CREATE UNIQUE INDEX "shelter_intake_live_bed_key" ON "shelter_intake"("bed_id") WHERE "status" IN ('PENDING', 'CONFIRMED') AND "bed_id" IS NOT NULL;

-- The relay reads undelivered messages oldest first.
CREATE INDEX "outbox_message_undelivered_idx" ON "outbox_message"("id") WHERE "delivered_at" IS NULL;
