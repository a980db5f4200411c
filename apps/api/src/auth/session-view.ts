import { permissionsOf, type SessionView } from '@linkscope/domain';
import type { Tenancy } from '@linkscope/tenancy';

/** What the dashboard needs to know about the signed-in user and where they work. */
export async function buildSessionView(
  tenancy: Tenancy,
  user: { userId: string; email: string; name: string; csrfToken: string; organisationIds: readonly string[] },
  selected: { organisationId: string | null; projectId: string | null },
): Promise<SessionView> {
  const organisations = await tenancy.organisations.membershipsOf(user.userId, user.organisationIds);
  const current = organisations.find((o) => o.organisationId === selected.organisationId) ?? organisations[0] ?? null;
  let projectId: string | null = null;
  if (current) {
    const projects = await tenancy.organisations.listProjects({ tenantId: current.organisationId });
    projectId = projects.find((p) => p.id === selected.projectId)?.id ?? projects[0]?.id ?? null;
  }
  return {
    user: { id: user.userId, email: user.email, name: user.name },
    organisations,
    current: { organisationId: current?.organisationId ?? null, projectId, role: current?.role ?? null },
    permissions: current ? permissionsOf(current.role) : [],
    csrfToken: user.csrfToken,
  };
}
