//! The TOPTW solver (work in progress on its own branch).
