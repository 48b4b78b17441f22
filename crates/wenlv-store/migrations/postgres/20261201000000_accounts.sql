-- Accounts: users, their sessions, API tokens, sign-in failures (throttling) and the audit log.
-- Timestamps are microseconds since the Unix epoch. No secret is stored in clear: passwords as
-- argon2id PHC strings, session ids and API tokens as SHA-256 hex digests.

-- A person who signs in, or the system user the command line acts as (kind 'system', no
-- password: it never signs in). A reporter is bound to exactly one unit; no other role has one.
CREATE TABLE users (
    name                TEXT    PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    role                TEXT    NOT NULL CHECK (role IN ('viewer', 'reporter', 'staff', 'admin')),
    unit                TEXT,
    kind                TEXT    NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'system')),
    password_hash       TEXT,
    -- 'one-time': printed by the command line, good for one sign-in, which must choose a new
    -- one; 'one-time-used': that sign-in happened; 'chosen': the person's own password.
    password_state      TEXT    NOT NULL DEFAULT 'chosen'
                        CHECK (password_state IN ('chosen', 'one-time', 'one-time-used')),
    disabled_at         BIGINT,
    created_at          BIGINT  NOT NULL,
    password_changed_at BIGINT,
    CHECK ((role = 'reporter') = (unit IS NOT NULL))
);

INSERT INTO users (name, role, kind, created_at) VALUES ('wenlv-cli', 'admin', 'system', 0);

-- A signed-in browser. Ends on sign-out, on the user's password change or disabling, after an
-- idle time and after an absolute lifetime (both decided by the application). Shared by every
-- app server on this database.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY NOT NULL,
    user_name    TEXT    NOT NULL REFERENCES users (name),
    address      TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_name);

-- An API token for an integrator or a script: named, with a role (and a unit for reporters).
CREATE TABLE api_tokens (
    name         TEXT    PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    secret_hash  TEXT    NOT NULL UNIQUE,
    role         TEXT    NOT NULL CHECK (role IN ('viewer', 'reporter', 'staff', 'admin')),
    unit         TEXT,
    created_by   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT,
    CHECK ((role = 'reporter') = (unit IS NOT NULL))
);

-- Failed sign-ins, keyed 'user:NAME' and 'address:IP', for throttling across app servers.
CREATE TABLE sign_in_failures (
    key TEXT   NOT NULL,
    at  BIGINT NOT NULL
);

CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);

-- Every change and every refused attempt to write: who, when, from where, what, before, after.
-- Append-only: the triggers refuse every UPDATE, DELETE and TRUNCATE, whoever asks.
CREATE TABLE audit_log (
    id        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        BIGINT  NOT NULL,
    actor     TEXT    NOT NULL,
    role      TEXT    NOT NULL,
    origin    TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    outcome   TEXT    NOT NULL CHECK (outcome IN ('done', 'refused')),
    before    TEXT    CHECK (before IS NULL OR before::jsonb IS NOT NULL),
    after     TEXT    CHECK (after IS NULL OR after::jsonb IS NOT NULL),
    detail    TEXT
);

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_time ON audit_log (at, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
