-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'TEMPORARILY_CLOSED', 'DEFUNCT');

-- CreateEnum
CREATE TYPE "Population" AS ENUM ('ADULT_WOMEN', 'ADULT_MEN', 'NONBINARY_ADULTS', 'LGBTQ_PLUS', 'UNACCOMPANIED_MINORS', 'FAMILIES_WITH_CHILDREN');

-- CreateEnum
CREATE TYPE "Weekday" AS ENUM ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU');

-- CreateTable
CREATE TABLE "shelter_program" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000),
    "status" "ServiceStatus" NOT NULL DEFAULT 'ACTIVE',
    "eligibility_description" VARCHAR(2000),
    "languages" TEXT[],
    "populations_served" "Population"[],
    "accessibility" VARCHAR(1000),
    "beds_available" INTEGER NOT NULL,
    "beds_total" INTEGER NOT NULL,
    "capacity_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confidential_site" BOOLEAN NOT NULL DEFAULT true,
    "address_line" VARCHAR(300),
    "city" VARCHAR(120) NOT NULL,
    "region" VARCHAR(120) NOT NULL,
    "postal_code" VARCHAR(20),
    "country" VARCHAR(2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shelter_program_pkey" PRIMARY KEY ("id")
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
CREATE TABLE "resident_profile" (
    "id" UUID NOT NULL,
    "survivor_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "program_id" UUID,
    "legal_name" VARCHAR(200),
    "date_of_birth" DATE,
    "phone" VARCHAR(40),
    "current_location" VARCHAR(300),
    "health_needs" VARCHAR(2000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resident_profile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shelter_program_organization_id_idx" ON "shelter_program"("organization_id");

-- CreateIndex
CREATE INDEX "shelter_program_name_id_idx" ON "shelter_program"("name", "id");

-- CreateIndex
CREATE INDEX "schedule_service_id_idx" ON "schedule"("service_id");

-- CreateIndex
CREATE UNIQUE INDEX "resident_profile_survivor_id_organization_id_key" ON "resident_profile"("survivor_id", "organization_id");

-- AddForeignKey
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "shelter_program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_profile" ADD CONSTRAINT "resident_profile_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "shelter_program"("id") ON DELETE SET NULL ON UPDATE CASCADE;
