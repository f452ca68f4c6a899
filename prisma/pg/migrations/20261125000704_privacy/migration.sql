-- AlterTable
ALTER TABLE "Presentity" ADD COLUMN     "invisible" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "watcherRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "AccessRule" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "action" TEXT NOT NULL,
    "hiddenTupleIds" TEXT NOT NULL DEFAULT '[]',
    "hideLastSeen" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AccessRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisibilityRule" (
    "watcherId" TEXT NOT NULL,
    "presentityId" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,

    CONSTRAINT "VisibilityRule_pkey" PRIMARY KEY ("watcherId","presentityId")
);

-- CreateTable
CREATE TABLE "WatchDaily" (
    "presentityId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "WatchDaily_pkey" PRIMARY KEY ("presentityId","day","kind")
);

-- CreateIndex
CREATE INDEX "AccessRule_ownerId_position_idx" ON "AccessRule"("ownerId", "position");

-- CreateIndex
CREATE INDEX "VisibilityRule_presentityId_idx" ON "VisibilityRule"("presentityId");
