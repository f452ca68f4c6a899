// The composition root: builds every service once from its dependencies. server.ts calls
// createServices() at start and registers the result; Next.js code (route handlers, server
// actions, Auth.js callbacks) runs in the same process and reaches it through getServices().
import { createAccountService } from "@/lib/accounts/account-service";
import { createLoginThrottle } from "@/lib/accounts/login-throttle";
import { createAccountStore } from "@/lib/db/account-store";
import type { Db } from "@/lib/db/client";
import type { ServerEnv } from "@/lib/env";
import type { Logger } from "@/lib/log";
import { peekSingleton, setSingleton } from "@/lib/singleton";

export function createServices(deps: { db: Db; env: ServerEnv; logger: Logger }) {
  const { db, env, logger } = deps;
  const accountStore = createAccountStore(db);
  return {
    db,
    env,
    logger,
    accounts: createAccountService({
      accounts: accountStore,
      sessionMaxAgeMs: env.SESSION_MAX_AGE_DAYS * 24 * 60 * 60 * 1000,
    }),
    loginThrottle: createLoginThrottle(),
    /** Readiness of what the service depends on. */
    async health(): Promise<Record<string, "ok" | "failing">> {
      const database = await db.$queryRawUnsafe("SELECT 1").then(
        () => "ok" as const,
        () => "failing" as const,
      );
      return { database };
    },
  };
}
export type AppServices = ReturnType<typeof createServices>;

export function registerServices(services: AppServices | undefined): void {
  setSingleton("services", services);
}

export function getServices(): AppServices {
  const services = peekSingleton<AppServices>("services");
  if (!services) throw new Error("Services are not started: run the app through server.ts (npm run dev / npm start).");
  return services;
}
