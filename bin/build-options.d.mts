// Types of build-options.mjs, for the tests' global setup (TypeScript).

interface PackageJson {
  engines: { node: string };
}

/** The part of esbuild's API buildPackage uses. */
interface Esbuild {
  build(options: object): Promise<unknown>;
}

export declare function target(pkg: PackageJson): string;
export declare function sources(root: string): string[];
export declare function libraryBuild(root: string, outRoot: string, pkg: PackageJson): object;
export declare const cliBundleFile: string;
export declare function cliBundle(root: string, outRoot: string, pkg: PackageJson): object;
export declare function buildPackage(esbuild: Esbuild, root: string, outRoot: string, pkg: PackageJson): Promise<void>;
