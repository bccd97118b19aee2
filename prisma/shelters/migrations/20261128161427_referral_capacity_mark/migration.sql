-- AlterTable
ALTER TABLE "referral_copy" ADD COLUMN     "capacity_when_received" INTEGER;
