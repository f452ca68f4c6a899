// The one Auth.js instance. `auth()` is wrapped in React's cache so a render asks once.
import NextAuth from "next-auth";
import { cache } from "react";
import { getEnv } from "@/lib/env";
import { authConfig } from "./config";

const nextAuth = NextAuth(authConfig(getEnv().SESSION_MAX_AGE_DAYS * 24 * 60 * 60));

export const { handlers, signIn, signOut } = nextAuth;
export const auth = cache(nextAuth.auth);
