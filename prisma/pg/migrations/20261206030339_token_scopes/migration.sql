-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "scopes" TEXT NOT NULL DEFAULT 'presence:read';

-- Tokens made before scopes existed acted as their owner in everything: they keep every scope,
-- so no script or bot stops working (only managing tokens now needs a browser session).
-- New tokens get what they are created with (at the least, reading presence).
UPDATE "AccessToken" SET "scopes" = 'presence:read presence:manage messages';
