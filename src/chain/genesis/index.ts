/** Genesis: the template, the genesis block and state, and the genesis CAR. */
export * from './car.ts'
export * from './genblock.ts'
export * from './template.ts'
