/** Accounts, the shell's scope switcher and the settings pages (English, the reference). */
export const tenancyEn = {
  shell: {
    nav: {
      projects: 'Projects',
      members: 'Members',
      ingestKeys: 'Ingest keys',
      apiTokens: 'API tokens',
      audit: 'Audit log',
    },
    organisation: 'Organisation',
    project: 'Project',
    noProject: 'No project yet',
    logout: 'Sign out',
    sessionError: 'Could not load your session',
  },
  roles: {
    owner: 'Owner',
    admin: 'Admin',
    member: 'Member',
    viewer: 'Viewer',
  },
  auth: {
    email: 'Email',
    password: 'Password',
    newPassword: 'Password (at least 12 characters)',
    name: 'Your name',
    organisationName: 'Organisation name',
    login: {
      title: 'Sign in',
      submit: 'Sign in',
      link: 'Sign in',
      noAccount: 'No account yet?',
    },
    signup: {
      title: 'Create your account',
      submit: 'Create account',
      link: 'Create an account',
      haveAccount: 'Already have an account?',
    },
    invite: {
      title: 'Join an organisation',
      body: 'You are invited to {{organisation}} as {{role}} ({{email}}).',
      signedInAs: 'You will join as {{email}}.',
      haveAccount: 'Already have an account?',
      accept: 'Accept invitation',
      noToken: 'This invitation link is incomplete.',
    },
    errors: {
      unauthenticated: 'Wrong email or password.',
      rateLimited: 'Too many attempts. Wait a little and try again.',
      conflict: 'Already taken: {{message}}',
      gone: 'This invitation has been used, revoked or has expired.',
      notFound: 'Not found.',
      forbidden: 'Not allowed: {{message}}',
      invalid: 'Please check the form: {{message}}',
    },
  },
  settings: {
    secretOnce: 'is shown only now. Copy it and keep it safe: it cannot be shown again.',
    copy: 'Copy',
    done: 'Done',
  },
};
