// How far V8 lets the old generation grow past what survived its last full collection before
// collecting again. V8 picks a factor between 1.1 and 4 from how fast the program allocates, so
// a burst of sign-ins (hundreds of sessions a second, each allocating while it is set up) lets
// the heap swell to several times what the sessions keep, and the pages stay with the process
// afterwards: 2 000 XMPP sign-ins left 90–190 KB of RSS per session for 32 KB of live data.
// A fixed, small factor trades a few more (incremental) full collections for memory that
// follows what the server holds (docs/scaling.md, "Heap growth").
//
// Imported first by server.ts, for its effect: the factor must be in place before loading the
// app lets V8 set a generous limit. A bad value is left to getEnv() to report.
import { setFlagsFromString } from "node:v8";
import { heapGrowthPercentSchema } from "@/lib/env";

// An empty value is the default, as getEnv() reads it.
const percent = heapGrowthPercentSchema.safeParse(process.env.HEAP_GROWTH_PERCENT || undefined);
// 0 leaves V8's own choice.
if (percent.success && percent.data > 0) setFlagsFromString(`--heap-growing-percent=${percent.data}`);
