//! Probes for load balancers and orchestrators.
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /healthz` | 200 `{"status": "ok"}` while the process serves (liveness) |
//! | `GET /readyz` | 200 `{"status": "ready"}` when the database answers within 2 s and has every migration this binary needs, else 503 problem+json (readiness) |

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use std::time::Duration;

/// How long readiness waits for the database.
const READY_WITHIN: Duration = Duration::from_secs(2);

/// `GET /healthz`
pub async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`
pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    match state.app.ready(READY_WITHIN).await {
        Ok(()) => Ok(Json(json!({"status": "ready"}))),
        Err(why) => {
            // The cause goes to the log; the answer says only that the server is not ready.
            tracing::warn!(reason = %why, "not ready");
            Err(Problem::unavailable(
                "the server cannot reach its database, or the database is not migrated",
            ))
        }
    }
}
