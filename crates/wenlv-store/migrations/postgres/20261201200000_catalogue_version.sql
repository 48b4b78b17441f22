-- One row counting the writes to the catalogue (places and offers): every transaction that
-- changes either bumps it before committing, so an app server holding the catalogue in memory
-- sees another process's write by reading this one number per request.
CREATE TABLE catalogue_version (
    id      INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 0);
