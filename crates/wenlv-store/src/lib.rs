//! Storage: the one layer that speaks SQL. SQLite (default) and PostgreSQL.
