export function cacheListing(modcache: string): string;
