-- Sessions are stored by the SHA-256 of their token (the cookie's value) from now on. The sessions
-- already open keep working: their stored token becomes its hash, which is what the server now
-- looks up for the same cookie.
UPDATE "sessions" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex') WHERE "id" !~ '^[0-9a-f]{64}$';
