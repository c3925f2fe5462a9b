// `@bitpay-checkout/server-adapter/sqlite`: the default store, for one instance (needs better-sqlite3).
export { DEFAULT_SQLITE_FILE, type SqliteStoreOptions, sqliteStore } from './store/sqlite.js';
