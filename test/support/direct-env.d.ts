export function directEnv(work: string, serverURL: string, envText: string, proxyURL?: string, gitRoot?: string, sumdb?: string): Record<string, string>;
