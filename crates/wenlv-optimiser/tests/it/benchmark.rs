//! Known answers on the research instances (the files live in the repository's `bench/optw`).

use std::path::PathBuf;

use wenlv_optimiser::instance::{Instance, distance_decimals};
use wenlv_optimiser::{SolverParams, check, solve};

fn load(rel: &str) -> Instance {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../bench/optw")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    Instance::parse(&name, &text, distance_decimals(&name)).unwrap()
}

/// c101 with one tour reaches its proven optimum, 320.
#[test]
fn c101_one_tour_reaches_the_proven_optimum() {
    let inst = load("solomon100/c101.txt");
    let p = inst.problem(1);
    let sol = solve(&p, &SolverParams::iterations(1, 20_000));
    let checked = check(&p, &sol).unwrap();
    assert_eq!(checked.score, 320);
}

/// Every benchmark file parses; the depot's latest start is the tour's latest return.
#[test]
fn every_benchmark_file_parses() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/optw");
    let mut count = 0;
    for set in ["solomon100", "solomon100_50", "cordeau"] {
        for entry in std::fs::read_dir(root.join(set)).unwrap() {
            let path = entry.unwrap().path();
            let inst = load(&format!(
                "{set}/{}",
                path.file_name().unwrap().to_string_lossy()
            ));
            assert!(inst.len() > 40, "{}", inst.name);
            let p = inst.problem(2);
            assert_eq!(p.tour(1).latest_return, inst.window[0].1);
            count += 1;
        }
    }
    assert_eq!(count, 29 + 29 + 10);
}

/// pr01 uses two-decimal truncation: vertex 0 (-10.442, 19.999) to 1 (-29.730, 64.136) is
/// 48.16… → 4816 hundredths.
#[test]
fn cordeau_distances_truncate_to_hundredths() {
    let inst = load("cordeau/pr01.txt");
    let n = inst.len();
    assert_eq!(inst.scale, 100);
    assert_eq!(inst.travel[1], 4816);
    assert_eq!(inst.travel[n], 4816);
}
