-- Offers (preferential policies), editable by staff. The whole offer is one JSON document (the
-- domain's shape); id, titles and dates are copied into columns for listing and queries.
-- `position` keeps the file order, which breaks ties between equal prices.
CREATE TABLE offers (
    id         TEXT    PRIMARY KEY NOT NULL,
    position   BIGINT  NOT NULL,
    title_zh   TEXT    NOT NULL,
    title_en   TEXT    NOT NULL,
    valid_from TEXT    NOT NULL CHECK (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    valid_to   TEXT    NOT NULL CHECK (valid_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    document   JSONB   NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    CHECK (valid_from <= valid_to)
);

CREATE INDEX offers_by_position ON offers (position, id);
