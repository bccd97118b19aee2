-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('SHELTER', 'LEGAL_AID', 'LAW_ENFORCEMENT_LIAISON');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('CASEWORKER', 'ORG_ADMIN', 'NETWORK_STEWARD', 'LIAISON_OFFICER');

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "jurisdiction" VARCHAR(120) NOT NULL,
    "languages" TEXT[],
    "contact_email" VARCHAR(254),
    "contact_phone" VARCHAR(40),
    "website" VARCHAR(300),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "display_name" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "roles" "MemberRole"[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deactivated_at" TIMESTAMPTZ(3),

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survivor" (
    "id" UUID NOT NULL,
    "pseudonym" VARCHAR(80) NOT NULL,
    "registered_by_organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survivor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "organization_kind_idx" ON "organization"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "member_email_key" ON "member"("email");

-- CreateIndex
CREATE INDEX "member_organization_id_idx" ON "member"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "survivor_registered_by_organization_id_pseudonym_key" ON "survivor"("registered_by_organization_id", "pseudonym");

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survivor" ADD CONSTRAINT "survivor_registered_by_organization_id_fkey" FOREIGN KEY ("registered_by_organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
