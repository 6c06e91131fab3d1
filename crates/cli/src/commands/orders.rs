//! `lpc orders list|proof|confirm|reject|refund|expire` (R29, R30).

use std::io::Read;
use std::path::Path;

use lpc_app::partners::parse_mpn_id;
use lpc_app::payments::{self, MAX_PROOF_BYTES};
use lpc_app::{Actor, App, AppError};
use lpc_store::Order;

use crate::args::OrdersCommand;
use crate::commands::enroll::actor;
use crate::failure::Failure;
use crate::output;

pub async fn run(app: &App, command: OrdersCommand) -> Result<(), Failure> {
    match command {
        OrdersCommand::List { mpn, json } => list(app, &mpn, json).await,
        OrdersCommand::Proof {
            order,
            file,
            acting,
            json,
        } => proof(app, order, &file, acting.as_deref(), json).await,
        OrdersCommand::Confirm { order, json } => {
            let done = payments::confirm(app, &Actor::local(), order).await?;
            if json {
                return output::json(&done);
            }
            let mut text = format!(
                "order {} confirmed: paid on {}\n",
                done.order.id,
                done.order
                    .paid_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            );
            if let Some(case) = done.marketplace_access_case {
                text.push_str(&format!(
                    "account profile setup case {case} opened: Courseware Marketplace access \
                     awaits it (R5)\n"
                ));
            }
            output::text(&text)
        }
        OrdersCommand::Reject {
            order,
            reason,
            json,
        } => {
            let pending = payments::reject_proof(app, &Actor::local(), order, &reason).await?;
            if json {
                return output::json(&pending);
            }
            output::text(&format!(
                "proof of payment of order {} rejected; the order stays pending until {}\n",
                pending.id, pending.expires_on
            ))
        }
        OrdersCommand::Refund {
            order,
            acting,
            json,
        } => {
            let actor = actor(app, acting.as_deref()).await?;
            let refunded = payments::refund(app, &actor, order).await?;
            if json {
                return output::json(&refunded);
            }
            output::text(&format!(
                "order {} refunded ({}) on {} (R30)\n",
                refunded.id,
                refunded.amount_due(),
                refunded
                    .refunded_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ))
        }
        OrdersCommand::Expire { json } => {
            let expired = payments::expire_due(app, &Actor::local()).await?;
            if json {
                return output::json(&serde_json::json!({ "expired": expired }));
            }
            output::text(&format!("{} order(s) expired (R29)\n", expired.len()))
        }
    }
}

async fn list(app: &App, mpn: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let orders = payments::orders_of(app, &Actor::local(), partner).await?;
    if json {
        return output::json(&serde_json::json!({ "partner_id": partner, "orders": orders }));
    }
    if orders.is_empty() {
        return output::text(&format!("Partner {partner} has no order\n"));
    }
    output::text(&orders.iter().map(line).collect::<String>())
}

fn line(o: &Order) -> String {
    format!(
        "{:>6}  {:<10} {:<11} {:<24} {:<13} {:<15} {}  created {}{}\n",
        o.id,
        o.purpose.as_str(),
        o.option.as_str(),
        o.competency.as_deref().unwrap_or("-"),
        o.payment_method.as_str(),
        o.status.as_str(),
        o.amount_due(),
        o.created_on,
        o.paid_on.map(|d| format!("  paid {d}")).unwrap_or_default()
    )
}

/// Reads the proof, refusing a file over 5 MiB from its size before reading it (R29).
async fn proof(
    app: &App,
    order: i64,
    file: &Path,
    acting: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let actor = actor(app, acting).await?;
    let name = file.display().to_string();
    let opened = std::fs::File::open(file)
        .map_err(|e| Failure::refused(format!("{name}: cannot open the proof of payment: {e}")))?;
    let size = opened
        .metadata()
        .map_err(|e| Failure::other(format!("{name}: {e}")))?
        .len();
    payments::check_proof_size(size).map_err(|e| Failure::refused(format!("{name}: {e}")))?;
    let mut content = Vec::new();
    // One byte past the limit tells a file that grew since its size was read.
    opened
        .take(MAX_PROOF_BYTES as u64 + 1)
        .read_to_end(&mut content)
        .map_err(|e| Failure::other(format!("{name}: cannot read: {e}")))?;
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let stored = payments::attach_proof(app, &actor, order, &file_name, content)
        .await
        .map_err(|e: AppError| Failure::from(e))?;
    if json {
        return output::json(&stored);
    }
    output::text(&format!(
        "proof {} ({}, {} bytes) attached to order {order}; an operator will confirm the payment (R29)\n",
        stored.id, stored.content_type, stored.size_bytes
    ))
}
