-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "scramKeys" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "scramIterations" INTEGER,
ADD COLUMN     "scramKeys" TEXT,
ADD COLUMN     "scramSalt" TEXT;
