/** The randomness beacon: its interface, the local beacon, and finding its entries on a chain. */
export * from './beacon.ts'
export * from './latest.ts'
export * from './local-beacon.ts'
