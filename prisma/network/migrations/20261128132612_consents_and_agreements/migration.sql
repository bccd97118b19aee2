-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('WRITTEN', 'VERBAL', 'DIGITAL');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('PROPOSED', 'ACTIVE', 'SUSPENDED', 'REVOKED');

-- CreateTable
CREATE TABLE "consent" (
    "id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "grantee_organization_id" UUID,
    "grantee_kind" "OrganizationKind",
    "categories" TEXT[],
    "purposes" TEXT[],
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "method" "ConsentMethod" NOT NULL,
    "language" VARCHAR(35) NOT NULL,
    "recorded_by_member_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawn_by_member_id" UUID,
    "withdrawal_reason" VARCHAR(1000),

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement" (
    "id" UUID NOT NULL,
    "from_organization_id" UUID NOT NULL,
    "to_organization_id" UUID NOT NULL,
    "both_ways" BOOLEAN NOT NULL DEFAULT false,
    "categories" TEXT[],
    "purposes" TEXT[],
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "status" "AgreementStatus" NOT NULL DEFAULT 'PROPOSED',
    "summary" VARCHAR(2000) NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agreement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_survivor_id_idx" ON "consent"("survivor_id");

-- CreateIndex
CREATE INDEX "agreement_from_organization_id_idx" ON "agreement"("from_organization_id");

-- CreateIndex
CREATE INDEX "agreement_to_organization_id_idx" ON "agreement"("to_organization_id");

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_survivor_id_fkey" FOREIGN KEY ("survivor_id") REFERENCES "survivor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_grantee_organization_id_fkey" FOREIGN KEY ("grantee_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_from_organization_id_fkey" FOREIGN KEY ("from_organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_to_organization_id_fkey" FOREIGN KEY ("to_organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Added by hand: a consent names exactly one grantee, and its period runs forwards.
ALTER TABLE "consent" ADD CONSTRAINT "consent_one_grantee" CHECK (("grantee_organization_id" IS NULL) <> ("grantee_kind" IS NULL));
ALTER TABLE "consent" ADD CONSTRAINT "consent_period" CHECK ("valid_until" IS NULL OR "valid_until" > "valid_from");
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_not_with_itself" CHECK ("from_organization_id" <> "to_organization_id");
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_period" CHECK ("valid_until" IS NULL OR "valid_until" > "valid_from");
