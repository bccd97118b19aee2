-- CreateEnum
CREATE TYPE "AgreementEventKind" AS ENUM ('PROPOSED', 'AMENDMENT_PROPOSED', 'COUNTERSIGNED', 'DECLINED', 'SUSPENDED', 'REINSTATED', 'REVOKED', 'SUPERSEDED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AgreementStatus" ADD VALUE 'SUPERSEDED';
ALTER TYPE "AgreementStatus" ADD VALUE 'DECLINED';

-- AlterTable
ALTER TABLE "agreement" ADD COLUMN     "countersigned_at" TIMESTAMPTZ(3),
ADD COLUMN     "countersigned_by_member_id" UUID,
ADD COLUMN     "lineage_id" UUID,
ADD COLUMN     "proposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "proposed_by_member_id" UUID,
ADD COLUMN     "proposed_by_organization_id" UUID,
ADD COLUMN     "status_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "status_reason" VARCHAR(2000),
ADD COLUMN     "supersedes_id" UUID,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- Agreements made before versions existed: each is its own first version, proposed by its sharing party.
UPDATE "agreement" SET "lineage_id" = "id", "proposed_by_organization_id" = "from_organization_id", "proposed_at" = "created_at"
  WHERE "lineage_id" IS NULL;
ALTER TABLE "agreement" ALTER COLUMN "lineage_id" SET NOT NULL, ALTER COLUMN "proposed_by_organization_id" SET NOT NULL;

-- AlterTable
ALTER TABLE "api_client" ADD COLUMN     "created_by_member_id" UUID,
ADD COLUMN     "secret_hash" VARCHAR(300),
ADD COLUMN     "secret_rotated_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "invited_by_member_id" UUID,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "agreement_event" (
    "id" UUID NOT NULL,
    "agreement_id" UUID NOT NULL,
    "lineage_id" UUID NOT NULL,
    "kind" "AgreementEventKind" NOT NULL,
    "actor_member_id" UUID,
    "actor_organization_id" UUID,
    "reason" VARCHAR(2000),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ledger_seq" BIGINT,

    CONSTRAINT "agreement_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agreement_event_lineage_id_at_idx" ON "agreement_event"("lineage_id", "at");

-- CreateIndex
CREATE INDEX "agreement_event_agreement_id_idx" ON "agreement_event"("agreement_id");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_supersedes_id_key" ON "agreement"("supersedes_id");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_lineage_id_version_key" ON "agreement"("lineage_id", "version");

-- AddForeignKey
ALTER TABLE "agreement_event" ADD CONSTRAINT "agreement_event_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma does not model these).
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_version_positive" CHECK ("version" >= 1);
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_not_superseding_itself" CHECK ("supersedes_id" IS NULL OR "supersedes_id" <> "id");
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_proposer_is_a_party"
  CHECK ("proposed_by_organization_id" = "from_organization_id" OR "proposed_by_organization_id" = "to_organization_id");
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_supersedes_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "agreement"("id") ON DELETE RESTRICT;

-- An agreement's history is kept as written: no update, no delete.
CREATE FUNCTION agreement_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'agreement_event is append-only';
END;
$$;
CREATE TRIGGER agreement_event_append_only BEFORE UPDATE OR DELETE ON "agreement_event"
  FOR EACH ROW EXECUTE FUNCTION agreement_event_append_only();
