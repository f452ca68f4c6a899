-- CreateTable
CREATE TABLE "Presentity" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "version" BIGINT NOT NULL DEFAULT 0,
    "availability" TEXT NOT NULL DEFAULT 'available',
    "note" TEXT,
    "statusExpiresAt" DATETIME,
    "lastSeenAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Presentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserTuple" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "means" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT,
    "status" TEXT NOT NULL,
    CONSTRAINT "UserTuple_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Subscription" (
    "watcherId" TEXT NOT NULL,
    "presentityId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("watcherId", "presentityId"),
    CONSTRAINT "Subscription_watcherId_fkey" FOREIGN KEY ("watcherId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Subscription_presentityId_fkey" FOREIGN KEY ("presentityId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "ContactGroup_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactGroupMember" (
    "groupId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,

    PRIMARY KEY ("groupId", "contactId"),
    CONSTRAINT "ContactGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ContactGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WatchRecord" (
    "presentityId" TEXT NOT NULL,
    "watcherId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "firstAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("presentityId", "watcherId", "kind")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "AccessToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Presentity_statusExpiresAt_idx" ON "Presentity"("statusExpiresAt");

-- CreateIndex
CREATE INDEX "UserTuple_userId_position_idx" ON "UserTuple"("userId", "position");

-- CreateIndex
CREATE INDEX "Subscription_presentityId_state_idx" ON "Subscription"("presentityId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "ContactGroup_ownerId_name_key" ON "ContactGroup"("ownerId", "name");

-- CreateIndex
CREATE INDEX "ContactGroupMember_contactId_idx" ON "ContactGroupMember"("contactId");

-- CreateIndex
CREATE INDEX "WatchRecord_presentityId_lastAt_idx" ON "WatchRecord"("presentityId", "lastAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccessToken_userId_idx" ON "AccessToken"("userId");
