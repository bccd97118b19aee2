-- AlterEnum
ALTER TYPE "OrganizationKind" ADD VALUE 'NETWORK_COORDINATOR';

-- AlterTable (edited by hand: existing members get their id as subject, as seeded members do)
ALTER TABLE "member" ADD COLUMN     "subject" VARCHAR(255);
UPDATE "member" SET "subject" = "id"::text WHERE "subject" IS NULL;
ALTER TABLE "member" ALTER COLUMN "subject" SET NOT NULL;

-- CreateTable
CREATE TABLE "api_client" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_client_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_client_subject_key" ON "api_client"("subject");

-- CreateIndex
CREATE INDEX "api_client_organization_id_idx" ON "api_client"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_subject_key" ON "member"("subject");

-- AddForeignKey
ALTER TABLE "api_client" ADD CONSTRAINT "api_client_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
