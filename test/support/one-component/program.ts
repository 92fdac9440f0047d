/** The program `buildAlone` runs: the factory the spec handed over, and nothing else. */
import { FACTORY_KEY } from "./index";

const factory = (globalThis as Record<string, unknown>)[FACTORY_KEY] as (() => unknown) | undefined;
if (!factory) throw new Error("test/support/one-component/program.ts runs only through buildAlone()");
factory();
