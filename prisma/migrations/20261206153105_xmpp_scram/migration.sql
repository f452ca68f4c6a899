-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN "scramKeys" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "scramIterations" INTEGER;
ALTER TABLE "User" ADD COLUMN "scramKeys" TEXT;
ALTER TABLE "User" ADD COLUMN "scramSalt" TEXT;
