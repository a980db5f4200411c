/** The session cookie: random token, httpOnly, SameSite=Lax; the server keeps only its digest. */
export const SESSION_COOKIE = 'ls_session';
/** The header that must echo the session's CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'x-linkscope-csrf';
/** Headers that select the organisation and project of a request (checked against memberships). */
export const ORG_HEADER = 'x-linkscope-org';
export const PROJECT_HEADER = 'x-linkscope-project';

/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
