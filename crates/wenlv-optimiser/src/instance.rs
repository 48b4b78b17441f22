//! Reader for the OPTW/TOPTW benchmark text format (Solomon-based and Cordeau instances).
//!
//! A vertex line is any line with at least nine whitespace-separated tokens:
//! `i x y d S f a [list] O C` (id, coordinates, service duration, score, …, opening, latest
//! start). Vertex 0 is the depot; its `C` is the tour's latest return. Header lines are ignored.
//!
//! Distances follow the literature: Euclidean, truncated per leg to `decimals` decimals
//! (1 for the Solomon sets, 2 for pr01–pr10). Everything is scaled by `10^decimals` and is then
//! an exact integer: the truncation is computed in integer arithmetic, never in floating point.

use crate::problem::{Problem, ProblemBuilder, Score, Time, Window};

/// A parsed benchmark instance, all times scaled by [`Instance::scale`].
#[derive(Debug, Clone)]
pub struct Instance {
    /// The instance's name (e.g. `c101`).
    pub name: String,
    /// Time unit: 1 = `1 / scale` of the file's unit.
    pub scale: i64,
    /// Score of each vertex (0 for the depot).
    pub score: Vec<Score>,
    /// Scaled service durations.
    pub service: Vec<Time>,
    /// Scaled (opening, latest start) of each vertex; the depot's is (departure, latest return).
    pub window: Vec<(Time, Time)>,
    /// Scaled, truncated travel times, row-major.
    pub travel: Vec<Time>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    /// A token is not a number of the expected kind.
    #[error("{name}, line {line}, {field}: {value:?} {why}")]
    Field {
        /// Instance name.
        name: String,
        /// 1-based line number.
        line: usize,
        /// Which field.
        field: &'static str,
        /// The token.
        value: String,
        /// What is wrong.
        why: &'static str,
    },
    /// Vertex ids are not 0, 1, 2, … in order.
    #[error("{name}, line {line}: vertex id {got}, expected {expected}")]
    Order {
        /// Instance name.
        name: String,
        /// 1-based line number.
        line: usize,
        /// Id found.
        got: String,
        /// Id expected.
        expected: usize,
    },
    /// No vertex lines.
    #[error("{name}: no vertex lines (lines with at least 9 tokens)")]
    Empty {
        /// Instance name.
        name: String,
    },
}

/// The literature's truncation precision for an instance name: 2 decimals for `pr*`
/// (Cordeau), 1 otherwise (Solomon).
pub fn distance_decimals(name: &str) -> u32 {
    if name.to_ascii_lowercase().starts_with("pr") {
        2
    } else {
        1
    }
}

/// A decimal token as (mantissa, number of decimals): "-10.442" → (-10442, 3).
fn decimal(tok: &str) -> Option<(i64, u32)> {
    let (neg, body) = match tok.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, tok.strip_prefix('+').unwrap_or(tok)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let mut m: i64 = digits.parse().ok()?;
    if neg {
        m = -m;
    }
    Some((m, frac.len() as u32))
}

fn rescale(m: i64, from: u32, to: u32) -> Option<i64> {
    if from <= to {
        m.checked_mul(10i64.checked_pow(to - from)?)
    } else {
        let div = 10i64.checked_pow(from - to)?;
        (m % div == 0).then_some(m / div)
    }
}

impl Instance {
    /// Parses `text` (the file's contents). `name` is used in messages and results.
    pub fn parse(name: &str, text: &str, decimals: u32) -> Result<Instance, InstanceError> {
        let scale = 10i64.pow(decimals);
        let err = |line: usize, field: &'static str, value: &str, why: &'static str| {
            InstanceError::Field {
                name: name.to_string(),
                line,
                field,
                value: value.to_string(),
                why,
            }
        };
        struct Raw {
            line: usize,
            x: (i64, u32),
            y: (i64, u32),
            toks: Vec<String>,
        }
        let mut raws = Vec::new();
        for (idx, line) in text.lines().enumerate() {
            let toks: Vec<&str> = line.split_whitespace().collect();
            if toks.len() < 9 {
                continue;
            }
            let lno = idx + 1;
            let expected = raws.len();
            if toks[0].parse::<usize>().ok() != Some(expected) {
                return Err(InstanceError::Order {
                    name: name.to_string(),
                    line: lno,
                    got: toks[0].to_string(),
                    expected,
                });
            }
            let x = decimal(toks[1]).ok_or_else(|| err(lno, "x", toks[1], "is not a number"))?;
            let y = decimal(toks[2]).ok_or_else(|| err(lno, "y", toks[2], "is not a number"))?;
            raws.push(Raw {
                line: lno,
                x,
                y,
                toks: toks.iter().map(|s| s.to_string()).collect(),
            });
        }
        if raws.is_empty() {
            return Err(InstanceError::Empty {
                name: name.to_string(),
            });
        }
        // Coordinates as integers at the finest precision present.
        let k = raws.iter().map(|r| r.x.1.max(r.y.1)).max().unwrap_or(0);
        let pts: Vec<(i64, i64)> = raws
            .iter()
            .map(|r| {
                (
                    rescale(r.x.0, r.x.1, k).unwrap_or(0),
                    rescale(r.y.0, r.y.1, k).unwrap_or(0),
                )
            })
            .collect();
        let n = raws.len();
        let (mut score, mut service, mut window) = (vec![], vec![], vec![]);
        for r in &raws {
            let t = &r.toks;
            let time = |tok: &str, field| {
                let (m, d) =
                    decimal(tok).ok_or_else(|| err(r.line, field, tok, "is not a number"))?;
                rescale(m, d, decimals).ok_or_else(|| {
                    err(
                        r.line,
                        field,
                        tok,
                        "has more decimals than the distance precision",
                    )
                })
            };
            service.push(time(&t[3], "service duration")?);
            let (sm, sd) =
                decimal(&t[4]).ok_or_else(|| err(r.line, "score", &t[4], "is not a number"))?;
            score.push(
                rescale(sm, sd, 0)
                    .ok_or_else(|| err(r.line, "score", &t[4], "is not an integer"))?,
            );
            let o = time(&t[t.len() - 2], "opening time")?;
            let c = time(&t[t.len() - 1], "latest start")?;
            window.push((o, c));
        }
        let unit = 10u64.pow(k);
        let s2 = (scale * scale) as u64;
        let mut travel = vec![0; n * n];
        for a in 0..n {
            for b in 0..n {
                let dx = (pts[a].0 - pts[b].0).unsigned_abs();
                let dy = (pts[a].1 - pts[b].1).unsigned_abs();
                // floor(scale * sqrt(N) / 10^k) == floor(isqrt(N * scale²) / 10^k).
                let q = (dx * dx + dy * dy) * s2;
                travel[a * n + b] = (q.isqrt() / unit) as Time;
            }
        }
        Ok(Instance {
            name: name.to_string(),
            scale,
            score,
            service,
            window,
            travel,
        })
    }

    /// Number of vertices including the depot.
    pub fn len(&self) -> usize {
        self.score.len()
    }

    /// Whether there are no vertices.
    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }

    /// The problem with `m` identical tours from and to the depot.
    pub fn problem(&self, m: usize) -> Problem {
        let mut b = ProblemBuilder::new();
        for v in 0..self.len() {
            b.add_vertex(self.score[v], self.service[v], 0);
        }
        let (dep, ret) = self.window[0];
        for _ in 0..m {
            b.add_tour(0, 0, dep, ret);
        }
        for v in 1..self.len() {
            let (o, c) = self.window[v];
            if o <= c {
                b.add_window_all_tours(v, Window::new(o, c));
            }
        }
        b.set_travel_matrix(self.travel.clone());
        b.build()
            .expect("a parsed instance always makes a valid problem")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal("-10.442"), Some((-10442, 3)));
        assert_eq!(decimal("90.00"), Some((9000, 2)));
        assert_eq!(decimal("7"), Some((7, 0)));
        assert_eq!(decimal("x"), None);
        assert_eq!(rescale(9000, 2, 1), Some(900));
        assert_eq!(rescale(9001, 2, 1), None);
    }

    #[test]
    fn truncates_per_leg() {
        // (0,0)→(1,1): sqrt 2 = 1.414… → 14 at one decimal, 141 at two.
        let text = "h\n0 0 0 0 0 0 0 0 100\n1 1 1 0 5 1 1 1 0 100\n";
        let one = Instance::parse("c1", text, 1).unwrap();
        assert_eq!(one.travel[1], 14);
        let two = Instance::parse("pr", text, 2).unwrap();
        assert_eq!(two.travel[1], 141);
        assert_eq!(two.window[0], (0, 10000));
    }

    #[test]
    fn bad_token_says_where() {
        let text = "0 0 0 0 0 0 0 0 100\n1 1 1 0 five 1 1 1 0 100\n";
        let e = Instance::parse("x", text, 1).unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("score") && e.contains("five"),
            "{e}"
        );
    }
}
