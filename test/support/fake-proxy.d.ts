export interface Fault {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
  reset?: boolean;
  truncate?: boolean;
  failTimes?: number;
}
export interface FakeProxy {
  url: string;
  port: number;
  requests: { path: string; authorization: string | null }[];
  close(): Promise<void>;
}
export function buildProxyFiles(files: { name: string; data: string }[]): Map<string, Buffer>;
export function startFakeProxy(
  files: Map<string, Buffer>,
  faults?: Record<string, Fault>,
  options?: { tls?: { key: Buffer; cert: Buffer } },
): Promise<FakeProxy>;
export function archiveProxyFiles(files: { name: string; data: string }[]): Map<string, Buffer>;
export function startArchiveProxy(files: { name: string; data: string }[]): Promise<FakeProxy>;
