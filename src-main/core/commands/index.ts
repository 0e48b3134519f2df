/** The operator commands, once: schema, stamp, and the at-most-once screening. */
export * from './kinds';
export * from './schema';
export * from './outcome';
