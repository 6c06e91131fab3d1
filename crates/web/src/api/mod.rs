//! The JSON API under `/api/v1`, one module per resource.

pub mod cases;
pub mod directory_public;
pub mod directory_requests;
pub mod enrollments;
pub mod imports;
pub mod orders;
pub mod partner_users;
pub mod partners;
