//! A folder as a scanner: a camera tool drops PNG/JPEG files in, each barcode found becomes a
//! scan, and the file is moved to `done_dir` (or `done_dir/failed` when nothing was found).
//!
//! The folder is polled (every `poll_ms`) instead of watched with inotify: it works the same
//! on every file system, including network mounts, and needs no extra crate. A file is only
//! read once its size has been the same for two polls, so half-written images are not
//! decoded. Decoded data goes through the same [`Framer`] as every other source (AIM id,
//! prefix/suffix, max length, debounce), with no terminator: one barcode is one scan.
//!
//! A file that cannot be moved away (read-only folder, full disk) is remembered by name, size
//! and modification time and never decoded again, so its barcodes are sent exactly once; the
//! problem is reported once. A new file under the same name (other size or time) is new.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::framing::{Framed, Framer};
use super::image::{decode_file, parse_format, DecodeOptions};
use super::serial::sleep_unless_stopped;
use super::{send_framed, send_status, DeviceState, DropReason, InputEvent, ScannerConfig};

/// The decode options of an `image_dir` scanner.
pub fn decode_options(config: &ScannerConfig) -> DecodeOptions {
    let mut options = DecodeOptions {
        try_harder: config.try_harder,
        ..DecodeOptions::default()
    };
    if let Some(names) = &config.formats {
        options.formats = names.iter().filter_map(|name| parse_format(name)).collect();
    }
    options
}

/// True for the file names this source reads.
pub fn is_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            matches!(
                extension.to_ascii_lowercase().as_str(),
                "png" | "jpg" | "jpeg"
            )
        })
}

/// Decodes one image and frames each barcode; what `run` does per file, without the moving.
pub fn frame_image(
    path: &Path,
    options: &DecodeOptions,
    framer: &mut Framer,
    now: Duration,
    out: &mut Vec<Framed>,
) {
    match decode_file(path, options) {
        Ok(found) if found.is_empty() => out.push(Framed::Dropped {
            reason: DropReason::Image,
            detail: format!("no barcode found in {}", path.display()),
        }),
        Ok(found) => {
            for barcode in found {
                framer.push(&barcode.bytes_with_symbology(), now, out);
                framer.end(now, out);
            }
        }
        Err(error) => out.push(Framed::Dropped {
            reason: DropReason::Image,
            detail: error.to_string(),
        }),
    }
}

/// The reader thread body for `kind = "image_dir"`.
pub fn run(config: &ScannerConfig, tx: &Sender<InputEvent>, stop: &AtomicBool) {
    let device = config.id.as_str();
    let folder = PathBuf::from(config.path.clone().unwrap_or_default());
    let done = config
        .effective_done_dir()
        .unwrap_or_else(|| folder.join("done"));
    let failed = done.join("failed");
    let options = decode_options(config);
    let mut framing = config.framing_options();
    framing.terminators = Vec::new();
    framing.idle_timeout = None;
    framing.inter_char_timeout = None;
    let mut framer = Framer::new(framing);
    let origin = Instant::now();
    let poll = Duration::from_millis(config.poll_ms.max(1));
    let mut connected = false;
    let mut last_failure: Option<String> = None;
    let mut sizes: HashMap<PathBuf, u64> = HashMap::new();
    // Files already decoded that could not be moved away: (path, size, modified).
    let mut unmovable: HashSet<FileStamp> = HashSet::new();
    while !stop.load(Ordering::Relaxed) {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) => {
                let message = format!(
                    "cannot read folder {}: {error}; create it or fix `path`",
                    folder.display()
                );
                if last_failure.as_deref() != Some(message.as_str()) {
                    if !send_status(device, DeviceState::NotFound, message.clone(), tx) {
                        return;
                    }
                    last_failure = Some(message);
                    connected = false;
                }
                sleep_unless_stopped(poll.max(Duration::from_millis(500)), stop);
                continue;
            }
        };
        if !connected {
            let message = format!("watching {} for PNG/JPEG images", folder.display());
            if !send_status(device, DeviceState::Connected, message, tx) {
                return;
            }
            connected = true;
            last_failure = None;
        }
        let mut files: Vec<(PathBuf, u64, Option<std::time::SystemTime>)> = entries
            .flatten()
            .filter_map(|entry| {
                let metadata = entry.metadata().ok()?;
                let path = entry.path();
                (metadata.is_file() && is_image_name(&path))
                    .then(|| (path, metadata.len(), metadata.modified().ok()))
            })
            .collect();
        files.sort();
        // Forget unmovable files that are gone (removed by hand), so the set cannot grow.
        unmovable.retain(|stamp| {
            files
                .iter()
                .any(|(path, size, modified)| stamp == &(path.clone(), *size, *modified))
        });
        let mut seen = HashMap::new();
        for (path, size, modified) in files {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if unmovable.contains(&(path.clone(), size, modified)) {
                continue;
            }
            let stable = sizes.get(&path) == Some(&size) && size > 0;
            seen.insert(path.clone(), size);
            if !stable {
                continue;
            }
            let mut out = Vec::new();
            frame_image(&path, &options, &mut framer, origin.elapsed(), &mut out);
            let found = out.iter().any(|item| matches!(item, Framed::Scan { .. }));
            if !send_framed(device, out, tx) {
                return;
            }
            let target_dir = if found { &done } else { &failed };
            if let Err(error) = move_into(&path, target_dir) {
                unmovable.insert((path.clone(), size, modified));
                let detail = format!(
                    "cannot move {} into {}: {error}; it was decoded once and is now ignored \
                     (not sent again); remove it by hand or the folder fills up",
                    path.display(),
                    target_dir.display()
                );
                let dropped = vec![Framed::Dropped {
                    reason: DropReason::Image,
                    detail,
                }];
                if !send_framed(device, dropped, tx) {
                    return;
                }
            }
            seen.remove(&path);
        }
        sizes = seen;
        sleep_unless_stopped(poll, stop);
    }
    send_status(device, DeviceState::Stopped, "stop requested", tx);
}

/// A file as the folder scan sees it: path, size, modification time.
type FileStamp = (PathBuf, u64, Option<std::time::SystemTime>);

fn move_into(path: &Path, folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().unwrap_or_default();
    let mut target = folder.join(name);
    if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
        target = folder.join(format!("{stamp}-{}", name.to_string_lossy()));
    }
    std::fs::rename(path, target)
}
