//! Damaged files through the real command and a real SQLite database: a refused import writes
//! nothing, and says where the file is wrong. A bounded number of cases runs in the suite;
//! `PROPTEST_CASES=1000 cargo test -p wenlv --test it import_fuzz` runs more.

use crate::cli::{run, wenlv};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

fn export_json(url: &str) -> Vec<u8> {
    run(wenlv().args([
        "--database-url",
        url,
        "export",
        "places",
        "--format",
        "json",
    ]))
    .stdout
}

/// A damage to apply to a file: cut at, flip at, or insert legacy-encoded text at a per-mille
/// position.
#[derive(Debug, Clone)]
enum Damage {
    Truncate(u16),
    Flip(u16, u8),
    InsertGbk(u16),
    InsertQuote(u16),
}

fn apply(bytes: &[u8], damage: &Damage) -> Vec<u8> {
    let at = |per_mille: u16| bytes.len() * usize::from(per_mille) / 1000;
    let insert = |n: u16, extra: &[u8]| {
        let mut out = bytes.to_vec();
        let i = at(n);
        out.splice(i..i, extra.iter().copied());
        out
    };
    match damage {
        Damage::Truncate(n) => bytes[..at(*n)].to_vec(),
        Damage::Flip(n, bits) => {
            let mut out = bytes.to_vec();
            if let Some(b) = out.get_mut(at(*n)) {
                *b ^= bits;
            }
            out
        }
        Damage::InsertGbk(n) => insert(*n, &[0xCB, 0xFE, 0xB6, 0xFB, 0xCB, 0xC2]),
        Damage::InsertQuote(n) => insert(*n, b"\""),
    }
}

#[test]
fn import_fuzz_refused_imports_write_nothing_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("wenlv.db").display());
    run(wenlv().args(["--database-url", &url, "init", "--demo"]));
    let mut exports = Vec::new();
    for format in ["csv", "json", "xlsx"] {
        let path = tmp.path().join(format!("export.{format}"));
        run(wenlv()
            .args([
                "--database-url",
                &url,
                "export",
                "places",
                "--format",
                format,
                "--out",
            ])
            .arg(&path));
        exports.push((format, std::fs::read(&path).unwrap()));
    }

    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 12;
    }
    config.failure_persistence = None;
    let damage = prop_oneof![
        (0u16..1000).prop_map(Damage::Truncate),
        (0u16..1000, 1u8..=255).prop_map(|(n, b)| Damage::Flip(n, b)),
        (0u16..1000).prop_map(Damage::InsertGbk),
        (0u16..1000).prop_map(Damage::InsertQuote),
    ];
    let refused = std::cell::Cell::new(0);
    let mut runner = TestRunner::new(config);
    runner
        .run(&(0..exports.len(), damage), |(which, damage)| {
            let (format, original) = &exports[which];
            let path = tmp.path().join(format!("damaged.{format}"));
            std::fs::write(&path, apply(original, &damage)).unwrap();
            let before = export_json(&url);
            let out = wenlv()
                .args(["--database-url", &url, "import", "places"])
                .arg(&path)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert!(!stderr.contains("panicked"), "{}", stderr);
            if !out.status.success() {
                refused.set(refused.get() + 1);
                prop_assert_eq!(
                    export_json(&url),
                    before,
                    "a refused import wrote: {}",
                    stderr
                );
                prop_assert!(stderr.contains("nothing was imported"), "{}", stderr);
                check_located(&stderr, &path)?;
            }
            Ok(())
        })
        .unwrap();
    assert!(
        refused.get() > 0,
        "no damaged file was refused: the test checked nothing"
    );
}

/// Every problem line names the file and a row, an item, a line or the workbook.
fn check_located(stderr: &str, path: &Path) -> Result<(), TestCaseError> {
    let name = path.display().to_string();
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(&name) && !l.contains("problem(s) found"))
        .collect();
    prop_assert!(!problems.is_empty(), "no located problem in:\n{}", stderr);
    for line in problems {
        let located = [
            ": row ",
            ": item ",
            " line ",
            "workbook",
            "first sheet",
            "file is empty",
        ]
        .iter()
        .any(|w| line.contains(w));
        prop_assert!(located, "not located: {}", line);
    }
    Ok(())
}
