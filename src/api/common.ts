/** Common methods every Lotus process serves (FullNode, StorageMiner, Worker) (lotus api/api_common.go, api_net.go ID), with their //perm: tags. */
import { Bytes, listOf, Str } from '../core/codec.ts'
import { ApiVersionCodec, PeerIdCodec, PermissionCodec, TimeCodec, UuidCodec, Void } from './codecs.ts'
import { method, param, streamMethod } from './method.ts'

export const CommonMethods = {
  Version: method({
    perm: 'read',
    params: [],
    result: ApiVersionCodec,
    doc: 'The build version, the API version of the endpoint (v0 or v1), the block delay and the agent.',
  }),
  Session: method({
    perm: 'read',
    params: [],
    result: UuidCodec,
    doc: 'A UUID that changes each time the process starts.',
  }),
  ID: method({ perm: 'read', params: [], result: PeerIdCodec, doc: "The node's libp2p peer ID." }),
  StartTime: method({ perm: 'read', params: [], result: TimeCodec, doc: 'When the process started.' }),
  Shutdown: method({ perm: 'admin', params: [], result: Void, doc: 'Stops the process cleanly.' }),
  Closing: streamMethod({
    perm: 'read',
    params: [],
    result: Void,
    doc: 'A channel that closes when the process shuts down (WebSocket only).',
  }),
  AuthVerify: method({
    perm: 'read',
    params: [param('token', Str)],
    result: listOf(PermissionCodec),
    doc: "A token's permissions; an error when it does not verify.",
  }),
  AuthNew: method({
    perm: 'admin',
    params: [param('perms', listOf(PermissionCodec))],
    result: Bytes,
    doc: 'A new token with the given permissions (the token text, base64-encoded as Go encodes []byte).',
  }),
  LogList: method({ perm: 'write', params: [], result: listOf(Str), doc: 'The logging subsystems.' }),
  LogSetLevel: method({
    perm: 'write',
    params: [param('subsystem', Str), param('level', Str)],
    result: Void,
    doc: "Sets a subsystem's log level (debug, info, warn, error); subsystem `*` sets all.",
  }),
} as const
