import type { FakeProxy } from "./fake-proxy.js";
export interface FaultScenario {
  target: string;
  env: Record<string, string>;
  proxy: FakeProxy;
  goSum: string | null;
  normalize(s: string): string;
  close(): Promise<void>;
}
export function faultScenario(archive: { files: { name: string; data: string }[] }): Promise<FaultScenario>;
