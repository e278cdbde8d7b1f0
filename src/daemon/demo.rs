//! The demo station's data: sample products, lots (one recalled, one expired, one
//! quarantined) and serials, embedded in the binary and imported into the demo database the
//! first time `scanstation run` starts without a configuration file.

use chrono::{DateTime, Utc};

use crate::store::{ImportKind, Store, StoreError};

const DEMO_FILES: [(ImportKind, &str, &str); 3] = [
    (
        ImportKind::Products,
        "products.csv",
        include_str!("../../data/demo/products.csv"),
    ),
    (
        ImportKind::Lots,
        "lots.csv",
        include_str!("../../data/demo/lots.csv"),
    ),
    (
        ImportKind::Serials,
        "serials.csv",
        include_str!("../../data/demo/serials.csv"),
    ),
];

/// Imports the demo master data unless the database already has products.
pub fn seed_demo_database(store: &mut Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    if store.product("09506000134352")?.is_some() {
        return Ok(());
    }
    let folder = tempfile_dir()?;
    for (kind, name, text) in DEMO_FILES {
        let path = folder.join(name);
        std::fs::write(&path, text).map_err(|err| {
            StoreError::Invalid(format!("writing demo data {}: {err}", path.display()))
        })?;
        store.import_file(kind, &path, now, None)?;
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir(&folder);
    log::info!("demo database seeded: 3 products, 5 lots (Y2610B recalled, P2401 expired, P2609 quarantined), 3 serials");
    Ok(())
}

/// A private folder for the import files (the store imports from paths).
fn tempfile_dir() -> Result<std::path::PathBuf, StoreError> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let folder =
        std::env::temp_dir().join(format!("scanstation-demo-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&folder)
        .map_err(|err| StoreError::Invalid(format!("creating {}: {err}", folder.display())))?;
    Ok(folder)
}
