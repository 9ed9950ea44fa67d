export function directEnv(work: string, serverURL: string, envText: string, proxyURL?: string, gitRoot?: string): Record<string, string>;
