//! File formats: place import with whole-file validation, and export.
//!
//! INTERFACE PINNED BY THE LEAD; bodies are being written on the `io` branch.

/// The Xining demo catalogue, compiled into the binary from `data/xining/places.csv`.
pub mod demo {
    /// The Xining places (52), parsed from the embedded product-format CSV.
    pub fn xining_places() -> Vec<wenlv_domain::Place> {
        unimplemented!()
    }
}
