export function mutateBytes(input: Buffer, rand: () => number, donors?: Buffer[], options?: { scale?: number }): Buffer;
