-- The place catalogue (PostgreSQL). Money in integer fen; positions as two DOUBLE PRECISIONs,
-- both NULL when the position is unknown (never 0,0). Timestamps are microseconds since the Unix epoch, UTC.
CREATE TABLE places (
    id                     TEXT    PRIMARY KEY NOT NULL,
    name_zh                TEXT    NOT NULL,
    name_en                TEXT    NOT NULL,
    description_zh         TEXT,
    description_en         TEXT,
    category               TEXT    NOT NULL,
    a_level                INTEGER NOT NULL CHECK (a_level BETWEEN 0 AND 5),
    district               TEXT,
    lat                    DOUBLE PRECISION CHECK (lat BETWEEN -90 AND 90),
    lon                    DOUBLE PRECISION CHECK (lon BETWEEN -180 AND 180),
    position_note          TEXT,
    visit_minutes          INTEGER CHECK (visit_minutes > 0),
    opening_hours          TEXT,
    last_admission_minutes INTEGER CHECK (last_admission_minutes >= 0),
    hours_note             TEXT,
    price_peak_fen         BIGINT,
    price_off_fen          BIGINT,
    price_note             TEXT,
    sources                TEXT,
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL,
    CHECK ((lat IS NULL) = (lon IS NULL))
);

-- Themes in the order the place lists them.
CREATE TABLE place_themes (
    place_id TEXT    NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    theme    TEXT    NOT NULL,
    ord      BIGINT  NOT NULL,
    PRIMARY KEY (place_id, theme)
);

CREATE INDEX place_themes_by_theme ON place_themes (theme, place_id);
CREATE INDEX places_by_category ON places (category);
CREATE INDEX places_by_district ON places (district);
