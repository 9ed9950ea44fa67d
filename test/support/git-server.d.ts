export interface GitServer {
  /** The proxy URL every host is routed to (HTTP_PROXY, HTTPS_PROXY). */
  url: string;
  /** The directory holding the bare repositories, by path. */
  root: string;
  /** Each request seen: "METHOD host/path?query", "CONNECT host:port". */
  requests: string[];
  close(): Promise<void>;
}
export function buildRepos(root: string, files: { name: string; data: string }[]): {
  repos: string[];
  meta: Map<string, string>;
  pageStatus: Map<string, number>;
  auth: Map<string, { header: string; gitOnly: boolean }>;
};
export function startGitServer(files: { name: string; data: string }[], options?: { proxyURL?: string }): Promise<GitServer>;
