// Integration tests run the server as production does (scripts/server-bundle.ts): built once
// per run from the current sources, before any test file starts one.
import { buildServerBundle } from "../../scripts/server-bundle";

export default function setup() {
  buildServerBundle();
}
