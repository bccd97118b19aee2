-- CreateEnum
CREATE TYPE "CertificationKind" AS ENUM ('T_VISA', 'U_VISA', 'CONTINUED_PRESENCE');

-- CreateEnum
CREATE TYPE "CertificationRequestStatus" AS ENUM ('REQUESTED', 'UNDER_REVIEW', 'CERTIFIED', 'DECLINED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "certification_request" (
    "id" UUID NOT NULL,
    "idempotency_key" VARCHAR(100) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "referral_id" UUID,
    "survivor_id" UUID NOT NULL,
    "requesting_organization_id" UUID NOT NULL,
    "requested_by_member_id" VARCHAR(255) NOT NULL,
    "liaison_organization_id" UUID NOT NULL,
    "liaison_unit_id" UUID NOT NULL,
    "kind" "CertificationKind" NOT NULL,
    "status" "CertificationRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "due_date" DATE NOT NULL,
    "status_reason" VARCHAR(2000),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certification_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certification_request_event" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "from_status" "CertificationRequestStatus",
    "to_status" "CertificationRequestStatus" NOT NULL,
    "version" INTEGER NOT NULL,
    "actor_member_id" VARCHAR(255) NOT NULL,
    "actor_organization_id" UUID NOT NULL,
    "reason" VARCHAR(2000),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certification_request_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "certification_request_requesting_organization_id_created_at_idx" ON "certification_request"("requesting_organization_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "certification_request_liaison_organization_id_created_at_id_idx" ON "certification_request"("liaison_organization_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "certification_request_referral_id_idx" ON "certification_request"("referral_id");

-- CreateIndex
CREATE UNIQUE INDEX "certification_request_requesting_organization_id_idempotenc_key" ON "certification_request"("requesting_organization_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "certification_request_event_request_id_version_key" ON "certification_request_event"("request_id", "version");

-- AddForeignKey
ALTER TABLE "certification_request" ADD CONSTRAINT "certification_request_liaison_unit_id_fkey" FOREIGN KEY ("liaison_unit_id") REFERENCES "liaison_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "certification_request_event" ADD CONSTRAINT "certification_request_event_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "certification_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma does not model these).
ALTER TABLE "certification_request" ADD CONSTRAINT "certification_request_version_positive" CHECK ("version" >= 1);
ALTER TABLE "certification_request" ADD CONSTRAINT "certification_request_not_to_itself" CHECK ("requesting_organization_id" <> "liaison_organization_id");
ALTER TABLE "certification_request" ADD CONSTRAINT "certification_request_ended_with_reason" CHECK ("status" NOT IN ('DECLINED', 'WITHDRAWN') OR "status_reason" IS NOT NULL);
ALTER TABLE "certification_request_event" ADD CONSTRAINT "certification_request_event_version_positive" CHECK ("version" >= 1);

-- A request's history is kept as written: no update, no delete.
CREATE FUNCTION certification_request_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'certification_request_event is append-only';
END;
$$;
CREATE TRIGGER certification_request_event_append_only BEFORE UPDATE OR DELETE ON "certification_request_event"
  FOR EACH ROW EXECUTE FUNCTION certification_request_event_append_only();
