// Events of the fetch layer for progress displays and reports: one per HTTP request, body
// bytes as they arrive, and one per module file the Fetcher resolves (from the network or
// from the module cache). Observers are called synchronously; an exception thrown by one
// is ignored, so that a display cannot break a download.

/** The proxy-protocol file a download is for ("sumdb": the checksum database's files). */
export type FetchFileKind = "info" | "mod" | "zip" | "list" | "latest" | "sumdb";

/** One HTTP(S) request attempt (file:// proxies are local reads and make none). */
export interface FetchRequestEvent {
  /** The URL asked for, without any user name or password. */
  url: string;
  method: "GET";
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /** The response status; absent when no response came (refused, reset, timed out). */
  status?: number;
  /** Body bytes received (of an error response too). */
  bytes: number;
  /** Milliseconds from sending the request to the end of the body (or the failure). */
  ms: number;
  /** Why the attempt failed: the FetchError message (a non-200 status, a transport error, a body too large). */
  error?: string;
}

/** Body bytes of a successful (200) response, reported once per chunk received. */
export interface FetchProgressEvent {
  module: string;
  /** The version (or query) asked for; "" for "list" and "latest". For "sumdb", the lookup the file serves. */
  version: string;
  file: FetchFileKind;
  /** The URL, without any user name or password. */
  url: string;
  /** Bytes received so far. */
  received: number;
  /** The Content-Length, when the server sent one. */
  total?: number;
}

/** A module file the Fetcher resolved (after verification). */
export interface FetchDownloadEvent {
  module: string;
  /** The version (for an .info resolved from a query such as a branch name, the version it resolved to). */
  version: string;
  /** "dir": the extracted module tree. */
  file: "info" | "mod" | "zip" | "dir";
  /**
   * Whether it was already in the module cache. For "dir", false means the tree was
   * extracted now; its "zip" event tells whether the zip came from the network.
   */
  fromCache: boolean;
}

export interface FetchObserver {
  request?(event: FetchRequestEvent): void;
  progress?(event: FetchProgressEvent): void;
  download?(event: FetchDownloadEvent): void;
}

/** notify calls an observer callback, ignoring what it throws. */
export function notify<E>(callback: ((event: E) => void) | undefined, self: FetchObserver | undefined, event: E): void {
  if (!callback) return;
  try {
    callback.call(self, event);
  } catch {
    // an observer must not break fetching
  }
}

/** A progress callback for one download: (bytes received so far, Content-Length). */
export type ProgressSink = (received: number, total: number | undefined) => void;

/** progressSink returns the callback HttpClient.get reports body bytes to, or undefined without a progress observer. */
export function progressSink(observer: FetchObserver | undefined, module: string, version: string, file: FetchFileKind, url: string): ProgressSink | undefined {
  if (!observer?.progress) return undefined;
  const shown = publicURL(url);
  return (received, total) => notify(observer.progress, observer, total === undefined
    ? { module, version, file, url: shown, received }
    : { module, version, file, url: shown, received, total });
}

/** publicURL removes the user name and password from a URL (a token often stands in the user name). */
export function publicURL(u: string): string {
  try {
    const parsed = new URL(u);
    if (!parsed.username && !parsed.password) return u;
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return u;
  }
}
