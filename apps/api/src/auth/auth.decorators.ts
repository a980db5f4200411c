import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@linkscope/domain';

export const PUBLIC_KEY = 'linkscope.public';
export const SIGNED_IN_KEY = 'linkscope.signedIn';
export const PERMISSION_KEY = 'linkscope.permission';

/** The route answers without authentication (health, login, sign-up, invitation links). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * The route needs a signed-in user but no organisation (the session itself, creating an
 * organisation). Every other non-public route needs a membership and a permission.
 */
export const SignedIn = (): MethodDecorator & ClassDecorator => SetMetadata(SIGNED_IN_KEY, true);

/**
 * The permission the route needs in the request's organisation. Reads (GET, HEAD) without one
 * need `project:read` (every role, viewers included); a write without one is refused to everybody.
 */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator => SetMetadata(PERMISSION_KEY, permission);

/** What a read route needs when it declares nothing. */
export const DEFAULT_PERMISSION: Permission = 'project:read';
