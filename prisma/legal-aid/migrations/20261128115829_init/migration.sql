-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'TEMPORARILY_CLOSED', 'DEFUNCT');

-- CreateEnum
CREATE TYPE "Population" AS ENUM ('ADULT_WOMEN', 'ADULT_MEN', 'NONBINARY_ADULTS', 'LGBTQ_PLUS', 'UNACCOMPANIED_MINORS', 'FAMILIES_WITH_CHILDREN');

-- CreateEnum
CREATE TYPE "Weekday" AS ENUM ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');

-- CreateEnum
CREATE TYPE "PracticeArea" AS ENUM ('T_VISA', 'U_VISA', 'ASYLUM', 'VACATUR', 'CIVIL_REMEDIES', 'FAMILY_LAW', 'EMPLOYMENT_LAW', 'HOUSING_LAW');

-- CreateEnum
CREATE TYPE "CaseStage" AS ENUM ('INTAKE', 'CONSULTATION', 'APPLICATION_IN_PREPARATION', 'FILED', 'DECIDED', 'CLOSED');

-- CreateTable
CREATE TABLE "legal_service" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000),
    "status" "ServiceStatus" NOT NULL DEFAULT 'ACTIVE',
    "eligibility_description" VARCHAR(2000),
    "languages" TEXT[],
    "populations_served" "Population"[],
    "practice_areas" "PracticeArea"[],
    "intake_available" INTEGER NOT NULL,
    "intake_maximum" INTEGER NOT NULL,
    "capacity_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "waitlist_weeks" INTEGER NOT NULL DEFAULT 0,
    "city" VARCHAR(120) NOT NULL,
    "region" VARCHAR(120) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "legal_service_pkey" PRIMARY KEY ("id")
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
CREATE TABLE "legal_profile" (
    "id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "immigration_status" VARCHAR(200),
    "country_of_origin" VARCHAR(2),
    "case_stage" "CaseStage",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "legal_profile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "legal_service_organization_id_idx" ON "legal_service"("organization_id");

-- CreateIndex
CREATE INDEX "legal_service_name_id_idx" ON "legal_service"("name", "id");

-- CreateIndex
CREATE INDEX "schedule_service_id_idx" ON "schedule"("service_id");

-- CreateIndex
CREATE UNIQUE INDEX "legal_profile_survivor_id_organization_id_key" ON "legal_profile"("survivor_id", "organization_id");

-- AddForeignKey
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "legal_service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
