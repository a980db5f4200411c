import type {
  ApiTokenView,
  AuditEntryView,
  IngestKeyView,
  InvitationView,
  MemberView,
  ProjectView,
  Role,
  SessionView,
} from '@linkscope/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson, setCsrfToken } from './api-client';

export const SESSION_KEY = ['session'] as const;

function remember(session: SessionView): SessionView {
  setCsrfToken(session.csrfToken);
  return session;
}

/** The signed-in user, their organisations and the current organisation and project. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => remember(await getJson<SessionView>('/api/v1/auth/session', {}, signal)),
    staleTime: 60_000,
    retry: false,
  });
}

/** After sign-in, sign-up, switching or joining: the session answer replaces everything cached. */
function useStartSession<I>(send: (input: I) => Promise<SessionView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: I) => remember(await send(input)),
    onSuccess: (session) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, session);
    },
  });
}

export const useLogin = () => useStartSession((input: { email: string; password: string }) => sendJson<SessionView>('POST', '/api/v1/auth/login', input));
export const useSignUp = () =>
  useStartSession((input: { email: string; password: string; name: string; organisationName: string }) => sendJson<SessionView>('POST', '/api/v1/auth/signup', input));
export const useSelectScope = () =>
  useStartSession((input: { organisationId: string; projectId?: string }) => sendJson<SessionView>('POST', '/api/v1/auth/select', input));
export const useAcceptInvitation = () =>
  useStartSession((input: { token: string; name?: string; password?: string }) => sendJson<SessionView>('POST', '/api/v1/invitations/accept', input));

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<void>('POST', '/api/v1/auth/logout'),
    onSettled: () => client.clear(),
  });
}

export function useInvitationLookup(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => sendJson<{ organisationName: string; email: string; role: Role }>('POST', '/api/v1/invitations/lookup', { token }),
    enabled: token.length > 0,
    retry: false,
  });
}

/** A list the settings pages show, refetched after each change to it. */
function useList<T>(key: string, path: string, enabled = true) {
  return useQuery({ queryKey: [key], queryFn: ({ signal }) => getJson<T>(path, {}, signal), enabled });
}

function useChange<I, O>(key: string, send: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => client.invalidateQueries({ queryKey: [key] }) });
}

export const useProjects = () => useList<{ projects: ProjectView[] }>('projects', '/api/v1/projects');
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; name: string }) => sendJson<ProjectView>('POST', '/api/v1/projects', input),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['projects'] }), client.invalidateQueries({ queryKey: SESSION_KEY })]),
  });
}

export const useMembers = () => useList<{ members: MemberView[] }>('members', '/api/v1/members');
export const useChangeRole = () => useChange('members', (input: { userId: string; role: Role }) => sendJson<MemberView>('PATCH', `/api/v1/members/${encodeURIComponent(input.userId)}`, { role: input.role }));
export const useRemoveMember = () => useChange('members', (userId: string) => sendJson<void>('DELETE', `/api/v1/members/${encodeURIComponent(userId)}`));

export const useInvitations = (enabled: boolean) => useList<{ invitations: InvitationView[] }>('invitations', '/api/v1/invitations', enabled);
export const useInvite = () =>
  useChange('invitations', (input: { email: string; role: Role }) => sendJson<{ invitation: InvitationView; token: string; path: string }>('POST', '/api/v1/invitations', input));
export const useRevokeInvitation = () => useChange('invitations', (id: string) => sendJson<void>('DELETE', `/api/v1/invitations/${encodeURIComponent(id)}`));

export const useIngestKeys = () => useList<{ keys: IngestKeyView[] }>('ingest-keys', '/api/v1/ingest-keys');
export const useCreateIngestKey = () => useChange('ingest-keys', (input: { name: string }) => sendJson<{ key: IngestKeyView; secret: string }>('POST', '/api/v1/ingest-keys', input));
export const useRotateIngestKey = () => useChange('ingest-keys', (id: string) => sendJson<{ key: IngestKeyView; secret: string }>('POST', `/api/v1/ingest-keys/${encodeURIComponent(id)}/rotate`));
export const useRevokeIngestKey = () => useChange('ingest-keys', (id: string) => sendJson<IngestKeyView>('DELETE', `/api/v1/ingest-keys/${encodeURIComponent(id)}`));

export const useApiTokens = () => useList<{ tokens: ApiTokenView[] }>('api-tokens', '/api/v1/api-tokens');
export const useCreateApiToken = () =>
  useChange('api-tokens', (input: { name: string; role: Role; projectId?: string }) => sendJson<{ token: ApiTokenView; secret: string }>('POST', '/api/v1/api-tokens', input));
export const useRevokeApiToken = () => useChange('api-tokens', (id: string) => sendJson<ApiTokenView>('DELETE', `/api/v1/api-tokens/${encodeURIComponent(id)}`));

export const useAuditLog = () => useList<{ entries: AuditEntryView[]; next: string | null }>('audit', '/api/v1/audit?limit=200');
