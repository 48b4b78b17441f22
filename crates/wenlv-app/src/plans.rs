//! Planning a trip, and checking a visitor's own order of stops: read the catalogue and offers,
//! build the facts (hours with the city's holidays, this visitor's prices), run the planner on a
//! blocking thread with the configured travel times (street times from OSRM when configured and
//! answering, else the estimate, said so), then draw the legs' paths.

use crate::App;
use crate::actor::{Action, Actor, Denied};
use wenlv_domain::HoursEvaluator;
use wenlv_planner::{
    CheckDay, CityFacts, Itinerary, PlanRequest, Planner, RequestError, check_days,
};
use wenlv_store::StoreError;

/// Why no itinerary was made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The request cannot be planned; names the field.
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error("reading the catalogue")]
    Store(#[from] StoreError),
    /// The planner failed on a valid request (a bug or a broken travel-time provider).
    #[error("planning failed")]
    Planner(#[source] wenlv_planner::PlanError),
    #[error("the planning thread failed")]
    Worker(#[from] tokio::task::JoinError),
}

impl From<wenlv_planner::PlanError> for PlanError {
    fn from(e: wenlv_planner::PlanError) -> PlanError {
        match e {
            wenlv_planner::PlanError::Request(r) => PlanError::Request(r),
            other => PlanError::Planner(other),
        }
    }
}

/// What the planner is asked: an optimised plan, or the timing of given days.
enum Ask {
    Plan,
    Check(Vec<(jiff::civil::Date, Vec<wenlv_domain::PlaceId>)>),
}

impl App {
    /// An optimised itinerary for `request`.
    pub async fn plan(&self, actor: &Actor, request: PlanRequest) -> Result<Itinerary, PlanError> {
        actor.check(Action::Plan)?;
        self.run_planner(request, Ask::Plan).await
    }

    /// The itinerary of the visitor's own `days` (check mode), with what they break. The
    /// request's `dates`, when not empty, must be the days' dates; empty, they are the days'.
    pub async fn check(
        &self,
        actor: &Actor,
        mut request: PlanRequest,
        days: &[CheckDay],
    ) -> Result<Itinerary, PlanError> {
        actor.check(Action::Plan)?;
        let given = (!request.dates.is_empty()).then_some(request.dates.as_slice());
        let fixed = check_days(days, given)?;
        request.dates = fixed.iter().map(|(d, _)| d.to_string()).collect();
        self.run_planner(request, Ask::Check(fixed)).await
    }

    async fn run_planner(&self, request: PlanRequest, ask: Ask) -> Result<Itinerary, PlanError> {
        let places = self.store.all_places().await?;
        // Offers live in the store (staff edit them there); holidays and seasons come with the city.
        let offers = self.store.offers().await?;
        let city = self.city.clone();
        let routing = self.routing.clone();
        // The solver is CPU work, and the routing provider blocks on its server: never on the
        // async runtime's threads.
        tokio::task::spawn_blocking(move || {
            let spec = request.validate(&places, &city.stations)?;
            let facts = CityFacts {
                hours: HoursEvaluator::new(&city.holidays),
                seasons: &city.seasons,
                offers: &offers,
                visitor: &request.visitor,
            };
            let planner = Planner::default();
            let mut itinerary = match &ask {
                Ask::Plan => planner.plan(&spec, &places, &facts, routing.as_ref())?,
                Ask::Check(days) => {
                    planner.check(&spec, days, &places, &facts, routing.as_ref())?
                }
            };
            // Each day from its own start point to its own end point (arrival, lodging,
            // departure).
            routing.draw_blocking(&mut itinerary, spec.mode);
            Ok(itinerary)
        })
        .await?
    }
}
