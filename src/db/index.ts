/** The SQL metadata store (SQLite embedded, portable SQL) and its migrations. */
export * from './migrate.ts'
export * from './sql-store.ts'
