//! Brings Pico CSS into the binary: runs `npm ci` in `assets/` when `assets/node_modules` has
//! no Pico yet, then copies `pico.min.css` into `OUT_DIR`, where `src/ui/assets.rs` embeds it.
//!
//! Without node/npm (or without the npm registry) the build still succeeds with a warning: the
//! pages are then served with our own `app.css` only.

use std::path::{Path, PathBuf};
use std::process::Command;

const PICO: &str = "node_modules/@picocss/pico/css/pico.min.css";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/package.json");
    println!("cargo:rerun-if-changed=assets/package-lock.json");
    println!("cargo:rerun-if-changed=assets/{PICO}");
    println!("cargo:rerun-if-changed=../../locales");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let assets = manifest.join("assets");
    let pico = assets.join(PICO);
    if !pico.exists() {
        npm_ci(&assets);
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("pico.min.css");
    let css = std::fs::read(&pico).unwrap_or_else(|e| {
        println!(
            "cargo:warning=Pico CSS is missing ({}: {e}); run `npm ci` in crates/web/assets. Serving app.css only.",
            pico.display()
        );
        b"/* Pico CSS was not available when lpc was built (npm ci in crates/web/assets). */\n"
            .to_vec()
    });
    if let Err(e) = std::fs::write(&out, css) {
        panic!("cannot write {}: {e}", out.display());
    }
}

fn npm_ci(dir: &Path) {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    match Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(status) => println!(
            "cargo:warning=`npm ci` in {} failed: {status}",
            dir.display()
        ),
        Err(e) => println!(
            "cargo:warning=cannot run npm ({e}); install Node.js and npm to embed Pico CSS"
        ),
    }
}
