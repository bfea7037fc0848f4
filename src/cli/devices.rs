//! `smriti devices`: the devices that share the saves folder (issue 19), each one's last
//! answer and how far its log has been read; naming a device; removing a device's files, only
//! when asked with `--delete-files`. Wiring and printing only: the files are `store::devices`'.

use std::path::Path;
use std::process::ExitCode;

use jiff::tz::TimeZone;

use super::args::DevicesAction;
use super::exit;
use crate::store::devices::{self, DeviceInfo};

/// Runs `smriti devices [ACTION]` on the saves folder `saves`.
pub fn run(saves: &Path, action: Option<DevicesAction>, tz: &TimeZone) -> ExitCode {
    let Some(me) = super::this_device_or_say() else {
        return ExitCode::FAILURE;
    };
    match action {
        None => list(saves, me.id(), tz),
        Some(DevicesAction::Rename { device, name }) => {
            let id = device.unwrap_or_else(|| me.id().to_owned());
            if !crate::store::device::is_id(&id) {
                errln!("smriti: {id:?} is not a device id; `smriti devices` lists them");
                return ExitCode::from(exit::USAGE);
            }
            match devices::rename(saves, &id, &name) {
                Ok(path) => {
                    outln!(
                        "Device {id} is now called {:?} ({}).",
                        name.trim(),
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e @ devices::RenameError::BadName) => {
                    errln!("smriti: {e}");
                    ExitCode::from(exit::USAGE)
                }
                Err(e) => {
                    errln!("smriti: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(DevicesAction::Remove {
            device,
            delete_files,
        }) => remove(saves, me.id(), &device, delete_files),
    }
}

fn list(saves: &Path, me: &str, tz: &TimeZone) -> ExitCode {
    let all = match devices::list(saves) {
        Ok(l) => l,
        Err(e) => {
            errln!("smriti: cannot read {}: {e}", saves.display());
            return ExitCode::FAILURE;
        }
    };
    if all.is_empty() {
        outln!(
            "No answers in {} yet: this device is {me}; its log appears with its first answer.",
            saves.display()
        );
        return ExitCode::SUCCESS;
    }
    outln!("Devices sharing {}:", saves.display());
    for d in &all {
        outln!("{}", describe(d, me, tz));
    }
    if all.iter().any(|d| d.partial) {
        outln!(
            "A log that ends in part of a line is still arriving: smriti reads the rest when it has come."
        );
    }
    ExitCode::SUCCESS
}

/// One device's lines in the list.
fn describe(d: &DeviceInfo, me: &str, tz: &TimeZone) -> String {
    let who = match (&d.id, &d.name) {
        (None, _) => "reviews.jsonl (shared log of an older smriti)".to_owned(),
        (Some(id), name) => {
            let mut s = id.clone();
            if let Some(n) = name {
                s += &format!(" {n:?}");
            }
            if id == me {
                s += " (this device)";
            }
            s
        }
    };
    let last = d.last_answer.map_or("no answers yet".to_owned(), |t| {
        format!(
            "last answer {}",
            t.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M %Z")
        )
    });
    let answers = if d.answers == 1 {
        "1 answer".to_owned()
    } else {
        format!("{} answers", d.answers)
    };
    let read = if d.read >= d.lines {
        "all read into progress.json".to_owned()
    } else {
        format!(
            "progress.json holds {} of its {} lines (the next start reads the rest)",
            d.read, d.lines
        )
    };
    let partial = if d.partial {
        "; its last line is still arriving"
    } else {
        ""
    };
    format!("  {who}\n      {answers}, {last}; {read}{partial}")
}

fn remove(saves: &Path, me: &str, id: &str, delete_files: bool) -> ExitCode {
    if id == me {
        errln!(
            "smriti: {id} is this device: its log is where this machine's answers go, and it is never removed"
        );
        return ExitCode::from(exit::USAGE);
    }
    let Some(d) = devices::list(saves)
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.id.as_deref() == Some(id))
    else {
        errln!(
            "smriti: no device {id:?} in {}; `smriti devices` lists them",
            saves.display()
        );
        return ExitCode::from(exit::USAGE);
    };
    if !delete_files {
        outln!(
            "Removing device {id} would delete {} file(s), with its {} answer(s), from every device that syncs this folder:",
            d.files.len(),
            d.answers
        );
        for f in &d.files {
            outln!("  {}", f.display());
        }
        outln!(
            "Nothing was removed. To remove them, run: smriti devices remove {id} --delete-files"
        );
        return ExitCode::from(exit::USAGE);
    }
    match devices::remove(saves, id) {
        Ok(gone) => {
            for f in &gone {
                outln!("Deleted {}", f.display());
            }
            outln!(
                "Device {id} is removed; progress is rebuilt without its answers at the next start."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("smriti: could not remove device {id}: {e}");
            ExitCode::FAILURE
        }
    }
}
