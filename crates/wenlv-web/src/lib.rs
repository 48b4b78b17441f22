//! The HTTP server: the JSON API.
