-- CreateEnum
CREATE TYPE "ConflictCheckOutcome" AS ENUM ('CLEAR', 'CONFLICT_FOUND', 'WAIVED');

-- CreateTable
CREATE TABLE "conflict_check" (
    "id" UUID NOT NULL,
    "referral_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "checked_by_member_id" VARCHAR(255) NOT NULL,
    "outcome" "ConflictCheckOutcome" NOT NULL,
    "notes" VARCHAR(2000),
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conflict_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conflict_check_referral_id_organization_id_revision_key" ON "conflict_check"("referral_id", "organization_id", "revision");

-- Written by hand (Prisma does not model these).
ALTER TABLE "conflict_check" ADD CONSTRAINT "conflict_check_revision_positive" CHECK ("revision" >= 1);

-- A check is kept as recorded: a new recording is a new revision, never an edit.
CREATE FUNCTION conflict_check_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'conflict_check is append-only';
END;
$$;
CREATE TRIGGER conflict_check_append_only BEFORE UPDATE OR DELETE ON "conflict_check"
  FOR EACH ROW EXECUTE FUNCTION conflict_check_append_only();
