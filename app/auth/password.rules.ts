// Client-safe: password policy the browser's form and the server's hashing agree on. It lives apart
// from password.server.ts because that module loads argon2, which no client bundle may import.

/** NIST SP 800-63B wants at least 8; we ask for 10. */
export const MIN_PASSWORD_LENGTH = 10
/** Long passphrases are welcome; past this, hashing cost is spent on nothing but abuse. */
export const MAX_PASSWORD_LENGTH = 256
