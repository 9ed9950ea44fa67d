export function writeZip(entries: { name: string | Buffer; data: string | Buffer; store?: boolean }[]): Buffer;
