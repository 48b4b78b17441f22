//! The kinds the planner writes are the ones it lists (`VIOLATION_KINDS`, `NOT_FITTED_KINDS`),
//! which the API's schema states as enums: a new kind written anywhere without being listed fails
//! here, before an integrator meets a value the schema does not know.

use wenlv_planner::{NOT_FITTED_KINDS, VIOLATION_KINDS};

const PLAN: &str = include_str!("../../src/plan.rs");
const REASONS: &str = include_str!("../../src/reasons.rs");

/// The text of each `Name {` … `}` struct literal in `source` (braces balanced).
fn literals<'a>(source: &'a str, name: &str) -> Vec<&'a str> {
    let opener = format!("{name} {{");
    let mut out = Vec::new();
    for (at, _) in source.match_indices(&opener) {
        // Not the definition (`pub struct Name {`).
        if source[..at].ends_with("struct ") {
            continue;
        }
        let body = &source[at + opener.len()..];
        let mut depth = 1;
        let end = body
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(i)
            })
            .expect("balanced braces");
        out.push(&body[..end]);
    }
    out
}

/// The quoted snake_case words in `text` (`"too_far"`, not `"{} minutes"`).
fn words(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// The body of `fn name` in `source`, up to the next item at the same indentation.
fn function<'a>(source: &'a str, name: &str) -> &'a str {
    let at = source
        .find(&format!("fn {name}("))
        .unwrap_or_else(|| panic!("fn {name} is in the source"));
    let rest = &source[at..];
    let end = rest[1..]
        .find("\n    fn ")
        .into_iter()
        .chain(rest[1..].find("\nfn "))
        .chain(rest[1..].find("\npub"))
        .min()
        .unwrap_or(rest.len() - 1);
    &rest[..end + 1]
}

#[test]
fn every_violation_kind_written_is_listed() {
    let found: Vec<String> = literals(PLAN, "ViolationOut")
        .into_iter()
        .map(|body| {
            let kind = body
                .split("kind:")
                .nth(1)
                .unwrap_or_else(|| panic!("a ViolationOut without kind: {body}"));
            words(kind.split(',').next().unwrap_or_default())
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("a ViolationOut's kind is not a literal: {body}"))
        })
        .collect();
    assert!(
        found.len() >= 7,
        "the scan finds the planner's violations: {found:?}"
    );
    for kind in &found {
        assert!(
            VIOLATION_KINDS.contains(&kind.as_str()),
            "'{kind}' is not in VIOLATION_KINDS"
        );
    }
    for kind in VIOLATION_KINDS {
        assert!(
            found.iter().any(|k| k == kind),
            "'{kind}' is listed but never written"
        );
    }
}

#[test]
fn every_not_fitted_kind_written_is_listed() {
    let mut found: Vec<String> = Vec::new();
    for body in literals(PLAN, "NotFitted") {
        let kind = body.split("kind:").nth(1).expect("a NotFitted has a kind");
        let kind = kind.split(',').next().unwrap_or_default();
        match words(kind).into_iter().next() {
            Some(word) => found.push(word),
            // The rest come from `reasons::explain` (and `DayWhy::kind`), read below.
            None => assert!(kind.trim() == "kind.into()", "an unread kind: {kind}"),
        }
    }
    found.extend(words(function(REASONS, "kind")));
    found.extend(
        words(function(REASONS, "explain"))
            .into_iter()
            .filter(|w| !w.contains(' ')),
    );
    for kind in &found {
        assert!(
            NOT_FITTED_KINDS.contains(&kind.as_str()),
            "'{kind}' is not in NOT_FITTED_KINDS"
        );
    }
    for kind in NOT_FITTED_KINDS {
        assert!(
            found.iter().any(|k| k == kind),
            "'{kind}' is listed but never written"
        );
    }
}
