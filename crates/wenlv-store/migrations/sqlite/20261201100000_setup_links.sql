-- One-time set-up links, printed to the log on the first start with no admin: whoever opens
-- one creates the first admin (with a password they choose). Stored as SHA-256 digests; a link
-- is used at most once and expires.
CREATE TABLE setup_links (
    code_hash  TEXT    PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
