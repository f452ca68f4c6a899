// Invitation links: a random secret in the link; only its SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const newInviteSecret = () => randomBytes(24).toString("base64url");
export const inviteHash = (secret: string) => createHash("sha256").update(secret).digest("hex");
