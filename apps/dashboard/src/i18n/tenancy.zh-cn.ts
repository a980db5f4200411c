import type { Catalogue } from './en';
import type { tenancyEn } from './tenancy.en';

/** 账号、组织/项目切换与设置页面（简体中文）。 */
export const tenancyZhCN: Catalogue<typeof tenancyEn> = {
  shell: {
    nav: {
      projects: '项目',
      members: '成员',
      ingestKeys: '接入密钥',
      apiTokens: 'API 令牌',
      audit: '审计日志',
    },
    organisation: '组织',
    project: '项目',
    noProject: '尚无项目',
    logout: '退出登录',
    sessionError: '无法加载会话',
  },
  roles: {
    owner: '所有者',
    admin: '管理员',
    member: '成员',
    viewer: '只读成员',
  },
  auth: {
    email: '邮箱',
    password: '密码',
    newPassword: '密码（至少 12 个字符）',
    name: '姓名',
    organisationName: '组织名称',
    login: {
      title: '登录',
      submit: '登录',
      link: '登录',
      noAccount: '还没有账号？',
    },
    signup: {
      title: '创建账号',
      submit: '创建账号',
      link: '创建账号',
      haveAccount: '已有账号？',
    },
    invite: {
      title: '加入组织',
      body: '您受邀以{{role}}身份加入 {{organisation}}（{{email}}）。',
      signedInAs: '您将以 {{email}} 加入。',
      haveAccount: '已有账号？',
      accept: '接受邀请',
      noToken: '邀请链接不完整。',
    },
    errors: {
      unauthenticated: '邮箱或密码错误。',
      rateLimited: '尝试次数过多，请稍后再试。',
      conflict: '已被占用：{{message}}',
      gone: '该邀请已被使用、撤销或已过期。',
      notFound: '未找到。',
      forbidden: '无权操作：{{message}}',
      invalid: '请检查表单：{{message}}',
    },
  },
  settings: {
    secretOnce: '只显示这一次。请复制并妥善保存，之后无法再次查看。',
    copy: '复制',
    done: '完成',
  },
};
