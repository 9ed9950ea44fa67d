export function cacheListing(modcache: string): string;
export function homeLogs(home: string): { name: string; data: string }[];
