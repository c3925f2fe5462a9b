// `@bitpay-checkout/server-adapter/postgres`: the store for several instances (needs the "pg" package).
export { DEFAULT_PG_SCHEMA, type PostgresStoreOptions, postgresStore } from './store/postgres.js';
