-- Offers (preferential policies), editable by staff. The whole offer is one JSON document (the
-- domain's shape); id, titles and dates are copied into columns for listing and queries.
-- `position` keeps the file order, which breaks ties between equal prices.
CREATE TABLE offers (
    id         TEXT    PRIMARY KEY NOT NULL,
    position   INTEGER NOT NULL,
    title_zh   TEXT    NOT NULL,
    title_en   TEXT    NOT NULL,
    valid_from TEXT    NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to   TEXT    NOT NULL CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    document   TEXT    NOT NULL CHECK (json_valid(document)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (valid_from <= valid_to)
) STRICT;

CREATE INDEX offers_by_position ON offers (position, id);
