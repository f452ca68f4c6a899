import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  // Signed-in people have nothing to do here.
  if (await auth()) redirect("/");
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center gap-6 px-4 py-10">
      <div className="text-center">
        <p className="text-2xl font-bold tracking-tight">
          buddy<span className="text-brand dark:text-indigo-300">list</span>
        </p>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Presence and messages, on your terms.</p>
      </div>
      {children}
    </main>
  );
}
