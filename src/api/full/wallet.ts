/** Wallet methods of the FullNode API (lotus api/api_full.go), with their //perm: tags. */
import { type Address, AddressCodec } from '../../core/address.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { Bool, Bytes, listOf, Str } from '../../core/codec.ts'
import { MessageCodec } from '../../core/message.ts'
import { SignatureCodec } from '../../core/signature.ts'
import { SignedMessageCodec } from '../../core/signed-message.ts'
import { KeyInfoCodec, KeyTypeCodec, Void } from '../codecs.ts'
import { method, param } from '../method.ts'

const addr = param<Address>('address', AddressCodec)

export const WalletMethods = {
  WalletNew: method({
    perm: 'write',
    params: [param('keyType', KeyTypeCodec)],
    result: AddressCodec,
    doc: 'Creates a key of the given type (`secp256k1` or `bls`); the first key becomes the default.',
  }),
  WalletHas: method({ perm: 'write', params: [addr], result: Bool, doc: 'Whether the wallet holds the key.' }),
  WalletList: method({ perm: 'write', params: [], result: listOf(AddressCodec), doc: 'The addresses of every key.' }),
  WalletBalance: method({
    perm: 'read',
    params: [addr],
    result: BigIntCodec,
    doc: 'The balance (attoFIL) at the head; 0 for an address with no actor.',
  }),
  WalletSign: method({
    perm: 'sign',
    params: [addr, param('data', Bytes)],
    result: SignatureCodec,
    doc: 'Signs the bytes exactly as given.',
  }),
  WalletSignMessage: method({
    perm: 'sign',
    params: [addr, param('message', MessageCodec)],
    result: SignedMessageCodec,
    doc: "Signs a message's CID bytes and returns the signed message.",
  }),
  WalletVerify: method({
    perm: 'read',
    params: [addr, param('data', Bytes), param('signature', SignatureCodec)],
    result: Bool,
    doc: 'Whether the signature is by the address over the data.',
  }),
  WalletDefaultAddress: method({ perm: 'write', params: [], result: AddressCodec, doc: 'The default address.' }),
  WalletSetDefault: method({ perm: 'write', params: [addr], result: Void, doc: 'Makes an address the default.' }),
  WalletExport: method({ perm: 'admin', params: [addr], result: KeyInfoCodec, doc: 'The private key, as KeyInfo.' }),
  WalletImport: method({
    perm: 'admin',
    params: [param('keyInfo', KeyInfoCodec)],
    result: AddressCodec,
    doc: 'Stores a key and returns its address.',
  }),
  WalletDelete: method({
    perm: 'admin',
    params: [addr],
    result: Void,
    doc: 'Soft-deletes a key: it moves to `trash-<address>` in the keystore.',
  }),
  WalletValidateAddress: method({
    perm: 'read',
    params: [param('address', Str)],
    result: AddressCodec,
    doc: 'Parses an address string; an error names what is wrong with it.',
  }),
} as const
