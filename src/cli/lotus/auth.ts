/** `lotus auth create-token --perm p` and `lotus auth api-info --perm p` (lotus cli/auth.go). */
import { FullNodeMethods } from '../../api/full/index.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { authCommand } from '../framework/auth-command.ts'
import type { Command } from '../framework/command.ts'

export const authCmd: Command = authCommand(FULLNODE_REPO, FullNodeMethods)
