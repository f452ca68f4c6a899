-- AlterTable
ALTER TABLE "Presentity" ADD COLUMN     "customRules" BOOLEAN NOT NULL DEFAULT false;
