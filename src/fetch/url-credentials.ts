// The user info of a URL ("https://TOKEN@host/", "https://user:password@host/"): the go
// command sends it as Basic auth (net/http does, when no Authorization header is set yet)
// and never lets it appear in a request line.

/** hasUserInfo reports whether a URL names a user or a password. */
export function hasUserInfo(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== "" || u.password !== "";
  } catch {
    return false;
  }
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * splitUserInfo separates a URL's user info from the URL requested: target has none, and
 * authorization is the Basic header of the decoded user name and password (null without).
 */
export function splitUserInfo(url: string): { target: string; authorization: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { target: url, authorization: null };
  }
  if (!u.username && !u.password) return { target: url, authorization: null };
  const credentials = `${decoded(u.username)}:${decoded(u.password)}`;
  u.username = "";
  u.password = "";
  return { target: u.href, authorization: "Basic " + Buffer.from(credentials).toString("base64") };
}
