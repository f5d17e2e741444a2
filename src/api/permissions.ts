/** Permission lists as the CLI builds them (kept apart from the JWT code so clients load no crypto). */
import { InvalidError } from '../util/errors.ts'
import { ALL_PERMISSIONS, type Permission } from './method.ts'

export function isPermission(p: unknown): p is Permission {
  return typeof p === 'string' && (ALL_PERMISSIONS as readonly string[]).includes(p)
}

/** The permissions `auth create-token --perm p` grants: p and every permission before it. */
export function permissionsUpTo(perm: string): Permission[] {
  const idx = (ALL_PERMISSIONS as readonly string[]).indexOf(perm)
  if (idx < 0) throw new InvalidError(`--perm flag has to be one of: [${ALL_PERMISSIONS.join(' ')}]`)
  return ALL_PERMISSIONS.slice(0, idx + 1)
}
