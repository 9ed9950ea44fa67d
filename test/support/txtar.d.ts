export interface TxtarFile {
  name: string;
  data: string;
}
export interface Txtar {
  comment: string;
  files: TxtarFile[];
}
export function parseTxtar(text: string): Txtar;
export function formatTxtar(archive: Txtar): string;
export function txtarFile(archive: Txtar, name: string): string | undefined;
export function writeTxtarFiles(dir: string, files: TxtarFile[]): void;
