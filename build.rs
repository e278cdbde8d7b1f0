//! Build script: records when the binary was built, as `SCANSTATION_BUILD_EPOCH` (seconds
//! since 1970, UTC), for `scanstation doctor`'s clock check: a clock that reads earlier than
//! the build of the program it runs is certainly wrong, and expiry verdicts depend on it.
//!
//! `SOURCE_DATE_EPOCH` (reproducible builds) wins when set. The value is only a lower bound
//! for the real date, so an incremental build that keeps an older value is harmless.

use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok());
    let epoch = from_env.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0)
    });
    println!("cargo:rustc-env=SCANSTATION_BUILD_EPOCH={epoch}");
}
