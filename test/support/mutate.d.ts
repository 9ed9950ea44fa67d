export function rng(seed: number): () => number;
export function mutate(text: string, rand: () => number): string;
