//! Embeds the front-end files in the binary, so `wenlv serve` stays one file.
//!
//! Our own JavaScript and CSS are plain files in `assets/src/` (no bundler). Third-party files
//! come from npm, pinned by `assets/package-lock.json`: when `assets/node_modules` is missing
//! this script runs `npm ci` (set `NPM` to use another npm). The result is a table of
//! `include_bytes!` entries written to `OUT_DIR/assets.rs`, with a content hash per file for
//! cache validation.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Third-party files served, as (path under `node_modules`, path under `/assets/`).
const VENDOR: &[(&str, &str)] = &[
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    (
        "leaflet/dist/images/layers.png",
        "leaflet/images/layers.png",
    ),
    (
        "leaflet/dist/images/layers-2x.png",
        "leaflet/images/layers-2x.png",
    ),
    (
        "leaflet/dist/images/marker-icon.png",
        "leaflet/images/marker-icon.png",
    ),
    (
        "leaflet/dist/images/marker-icon-2x.png",
        "leaflet/images/marker-icon-2x.png",
    ),
    (
        "leaflet/dist/images/marker-shadow.png",
        "leaflet/images/marker-shadow.png",
    ),
];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let assets = manifest.join("assets");
    let modules = assets.join("node_modules");
    println!("cargo:rerun-if-changed=assets/package.json");
    println!("cargo:rerun-if-changed=assets/package-lock.json");
    println!("cargo:rerun-if-changed=assets/src");
    println!("cargo:rerun-if-env-changed=NPM");

    if VENDOR.iter().any(|(from, _)| !modules.join(from).is_file()) {
        npm_ci(&assets);
    }

    let mut files: Vec<(String, PathBuf)> = Vec::new();
    collect(&assets.join("src"), "", &mut files);
    for (from, to) in VENDOR {
        let path = modules.join(from);
        println!("cargo:rerun-if-changed={}", path.display());
        files.push((to.to_string(), path));
    }
    files.sort();

    let mut table = String::from("&[\n");
    for (url, path) in &files {
        let bytes =
            fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        writeln!(
            table,
            "    Asset {{ path: {url:?}, bytes: include_bytes!({:?}), hash: \"{:016x}\" }},",
            path.display().to_string(),
            fnv1a(&bytes)
        )
        .expect("writing to a String");
    }
    table.push(']');
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("assets.rs");
    fs::write(&out, table).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Installs the locked npm packages; the lockfile decides every version.
fn npm_ci(dir: &Path) {
    let npm = env::var("NPM").unwrap_or_else(|_| "npm".to_string());
    let status = Command::new(&npm)
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "wenlv-web needs Node.js and npm to fetch its front-end packages \
                 (`{npm} ci` in {}): {e}",
                dir.display()
            )
        });
    assert!(
        status.success(),
        "`{npm} ci` in {} failed ({status})",
        dir.display()
    );
}

/// Every file under `dir`, as (URL path, file path); hidden files are skipped.
fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, &format!("{prefix}{name}/"), out);
        } else {
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

/// FNV-1a: a small, stable content hash for ETags and cache-busting URLs (not security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
