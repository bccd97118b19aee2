-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'TEMPORARILY_CLOSED', 'DEFUNCT');

-- CreateEnum
CREATE TYPE "Population" AS ENUM ('ADULT_WOMEN', 'ADULT_MEN', 'NONBINARY_ADULTS', 'LGBTQ_PLUS', 'UNACCOMPANIED_MINORS', 'FAMILIES_WITH_CHILDREN');

-- CreateEnum
CREATE TYPE "Weekday" AS ENUM ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');

-- CreateEnum
CREATE TYPE "CertificationStatus" AS ENUM ('NOT_REQUESTED', 'REQUESTED', 'UNDER_REVIEW', 'CERTIFIED', 'DECLINED');

-- CreateTable
CREATE TABLE "liaison_unit" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000),
    "status" "ServiceStatus" NOT NULL DEFAULT 'ACTIVE',
    "eligibility_description" VARCHAR(2000),
    "jurisdiction" VARCHAR(120) NOT NULL,
    "languages" TEXT[],
    "populations_served" "Population"[],
    "accepting_referrals" BOOLEAN NOT NULL DEFAULT true,
    "capacity_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contact_name" VARCHAR(120),
    "contact_phone" VARCHAR(40),
    "contact_email" VARCHAR(254),
    "city" VARCHAR(120) NOT NULL,
    "region" VARCHAR(120) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "liaison_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule" (
    "id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "by_day" "Weekday"[],
    "opens_at" VARCHAR(5),
    "closes_at" VARCHAR(5),
    "description" VARCHAR(500),

    CONSTRAINT "schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "liaison_profile" (
    "id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "case_number" VARCHAR(60),
    "certification_status" "CertificationStatus",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "liaison_profile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "liaison_unit_organization_id_idx" ON "liaison_unit"("organization_id");

-- CreateIndex
CREATE INDEX "liaison_unit_name_id_idx" ON "liaison_unit"("name", "id");

-- CreateIndex
CREATE INDEX "schedule_service_id_idx" ON "schedule"("service_id");

-- CreateIndex
CREATE UNIQUE INDEX "liaison_profile_survivor_id_organization_id_key" ON "liaison_profile"("survivor_id", "organization_id");

-- AddForeignKey
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "liaison_unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
