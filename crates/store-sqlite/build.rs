//! `sqlx::migrate!` embeds `migrations/` at compile time; a new migration file must rebuild
//! this crate, which cargo does not know on its own.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
