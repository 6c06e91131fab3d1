//! Every request and listing, for operators (`lpc directory list`, `/ops/directory`).

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::calendar::DateWindow;
use serde::Serialize;

use super::schedule::current_or_next_window;
use super::views::{ListingView, RequestView};
use crate::{Actor, App, AppError};

/// Every request and listing, for operators (`lpc directory list`, `/ops/directory`).
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryOverview {
    pub today: Date,
    /// The processing week now or next (R26).
    pub processing_window: DateWindow,
    pub in_processing_window: bool,
    pub auto_approve: bool,
    pub requests: Vec<RequestView>,
    pub listings: Vec<ListingView>,
    pub competitors: Vec<String>,
}

pub async fn overview(app: &App, actor: &Actor) -> Result<DirectoryOverview, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let window = current_or_next_window(today);
    let requests = app.store().directory_requests(None, None).await?;
    let listings = app.store().directory_listings(true).await?;
    Ok(DirectoryOverview {
        today,
        processing_window: window,
        in_processing_window: window.contains(today),
        auto_approve: app.directory().auto_approve,
        requests: requests.into_iter().map(RequestView::of).collect(),
        listings: listings
            .into_iter()
            .map(|l| ListingView::of(l, today))
            .collect(),
        competitors: app.store().directory_competitors().await?,
    })
}
