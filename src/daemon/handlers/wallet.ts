/** Implementations of the Wallet methods, with StateGetActor/StateLookupID over a StateReader. */
import type { StateMethods } from '../../api/full/state.ts'
import type { WalletMethods } from '../../api/full/wallet.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import type { Actor } from '../../core/actor.ts'
import { Address, Protocol } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { NotFoundError } from '../../util/errors.ts'
import type { LocalWallet } from '../../wallet/wallet.ts'

/** The chain state as far as the wallet needs it (daemon/chain-state.ts supplies the real one). */
export interface StateReader {
  /** The actor at `addr` in the state of `tsk` (empty: the head), or undefined. */
  getActor(addr: Address, tsk: TipSetKey): Actor | undefined | Promise<Actor | undefined>
  /** The ID address of `addr` in the state of `tsk`, or undefined. */
  lookupId(addr: Address, tsk: TipSetKey): Address | undefined | Promise<Address | undefined>
}

/** The state of a chain with no actors: what the daemon has until the chain store is wired in. */
export const EMPTY_STATE: StateReader = {
  getActor: () => undefined,
  lookupId: (addr) => (addr.protocol === Protocol.ID ? addr : undefined),
}

export function walletHandlers(
  wallet: LocalWallet,
  state: StateReader,
): Handlers<typeof WalletMethods> & Pick<Handlers<typeof StateMethods>, 'StateGetActor' | 'StateLookupID'> {
  const noDefault = () => new NotFoundError('failed to get default key: no default address set')
  return {
    WalletNew: (_ctx, keyType) => wallet.newKey(keyType),
    WalletHas: (_ctx, a) => wallet.has(a),
    WalletList: () => wallet.list(),
    WalletBalance: async (_ctx, a) => (await state.getActor(a, HEAD))?.balance ?? 0n,
    WalletSign: (_ctx, a, data) => wallet.sign(a, data),
    WalletSignMessage: (_ctx, a, msg) => wallet.signMessage(a, msg),
    WalletVerify: (_ctx, a, data, sig) => wallet.verify(a, data, sig),
    WalletDefaultAddress: () => {
      const d = wallet.defaultAddress()
      if (!d) throw noDefault()
      return d
    },
    WalletSetDefault: (_ctx, a) => {
      wallet.setDefault(a)
      return undefined
    },
    WalletExport: (_ctx, a) => wallet.export(a),
    WalletImport: (_ctx, ki) => wallet.import(ki),
    WalletDelete: (_ctx, a) => {
      wallet.delete(a)
      return undefined
    },
    WalletValidateAddress: (_ctx, s) => Address.parse(s),
    StateGetActor: async (_ctx, a, tsk) => {
      const actor = await state.getActor(a, tsk)
      if (!actor) throw new NotFoundError(`resolution lookup failed (${a}): actor not found`)
      return actor
    },
    StateLookupID: async (_ctx, a, tsk) => {
      const id = await state.lookupId(a, tsk)
      if (!id) throw new NotFoundError(`resolution lookup failed (${a}): actor not found`)
      return id
    },
  }
}

/** The empty key: the head. */
const HEAD = new TipSetKey([])
