//! The process and the machine (issue 12 §6): an interrupted build leaves no
//! partial file, a stale partial file of an earlier build is removed by the
//! next one into the same folder (one that a running build holds is kept),
//! and a full disk gives one clear error per package and no partial zip.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_coursepack"))
}

/// A module whose handout is `handout_bytes` of text-like PDF (deflated,
/// so writing it takes a while) and whose image is `image_bytes` (stored).
fn module(root: &Path, handout_bytes: usize, image_bytes: usize) -> PathBuf {
    let m = root.join("m");
    std::fs::create_dir_all(m.join("media")).unwrap();
    std::fs::write(
        m.join("module.toml"),
        // A base of its own: the full-disk test wants the disk errors alone on stderr (no
        // `package/default-activity-iri` warning).
        "id = \"m\"\ntitle = \"M\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"S.\"\n\
         activity_base_iri = \"https://learning.example.org/xapi/\"\npages = [\"01-a.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        m.join("01-a.md"),
        "# A\n\nRead [the checklist](media/checklist.pdf).\n\n![A shelf of books](media/shelf.png)\n",
    )
    .unwrap();
    // Pseudo-random letters: compressible enough to be deflated, not so much that it is quick.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..handout_bytes).map(|_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        b"abcdefghijklmnopqrstuvwxyz .\n"[(state % 29) as usize]
    }));
    std::fs::write(m.join("media/checklist.pdf"), pdf).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.resize(image_bytes.max(png.len()), 7);
    std::fs::write(m.join("media/shelf.png"), png).unwrap();
    m
}

fn partial_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

/// Ctrl-C (SIGINT), SIGTERM and SIGHUP during a build: the process ends by
/// that signal, as without our handler, and the partial zips are gone.
#[test]
fn an_interrupted_build_leaves_no_partial_file() {
    let root = tempfile::tempdir().unwrap();
    let m = module(root.path(), 24 << 20, 1000);
    for (name, number) in [("INT", 2), ("TERM", 15), ("HUP", 1)] {
        let out = root.path().join(format!("dist-{name}"));
        let mut child = Command::new(bin())
            .arg("build")
            .arg(&m)
            .args(["--target", "all", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the first partial zip (the build has started writing).
        let start = Instant::now();
        while partial_files(&out).is_empty() {
            assert!(child.try_wait().unwrap().is_none(), "SIG{name}: the build ended before it wrote anything");
            assert!(start.elapsed() < Duration::from_secs(120), "SIG{name}: no partial zip appeared");
            std::thread::sleep(Duration::from_millis(2));
        }
        let killed = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(number),
            "SIG{name}: the build finished before the signal (status {status}); the handout is too small for this machine"
        );
        assert_eq!(partial_files(&out), Vec::<String>::new(), "SIG{name}: partial zips left behind");
        // What is there is complete: every zip left opens.
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap());
            assert!(zip.is_ok(), "SIG{name}: {} is not a whole zip", path.display());
        }
    }
}

/// A partial zip no process holds (a build killed with -9, a power cut) is
/// removed by the next build into the folder; one a running build holds
/// (locked) is left alone, as is every other file.
#[test]
fn the_next_build_removes_stale_partial_files_and_keeps_live_ones() {
    let root = tempfile::tempdir().unwrap();
    let m = module(root.path(), 1000, 1000);
    let out = root.path().join("dist");
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".coursepack-AbC123.zip.partial");
    std::fs::write(&stale, vec![0u8; 4096]).unwrap();
    let live = out.join(".coursepack-XyZ789.zip.partial");
    std::fs::write(&live, b"being written").unwrap();
    let holder = std::fs::File::open(&live).unwrap();
    holder.lock().unwrap();
    std::fs::write(out.join("notes.partial"), b"not ours").unwrap();
    let status = Command::new(bin())
        .arg("build")
        .arg(&m)
        .args(["--target", "scorm12", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!stale.exists(), "the stale partial zip is still there");
    assert!(live.exists(), "the partial zip of a running build was removed");
    assert!(out.join("notes.partial").exists() && out.join("m-1.0.0-scorm12.zip").exists());
}

/// A full disk (a real 256 KiB tmpfs, mounted in a user namespace so no root
/// is needed): one clear error per package naming the cause, exit 2, no
/// partial zip and no half-written zip under a package's name, and nothing
/// from the zip writer's drop. Skipped, loudly, where user namespaces are
/// not allowed.
#[test]
fn a_full_disk_gives_one_clear_error_per_package_and_no_partial_zip() {
    let root = tempfile::tempdir().unwrap();
    let m = module(root.path(), 1000, 400 << 10);
    let out = root.path().join("small-disk");
    std::fs::create_dir_all(&out).unwrap();
    let probe = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg(format!("mount -t tmpfs -o size=256k tmpfs '{}'", out.display()))
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!(
            "*** SKIPPED a_full_disk_gives_one_clear_error_per_package_and_no_partial_zip: cannot mount a tmpfs in a user namespace here ***"
        );
        return;
    }
    // Inside the namespace: mount, build, then list what is left (the mount goes with the namespace).
    let script = r#"mount -t tmpfs -o size=256k tmpfs "$1" || exit 99
"$2" build "$3" --target all --out "$1"
code=$?
echo "exit=$code"
ls -A "$1""#;
    let run = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"])
        .arg(&out)
        .arg(bin())
        .arg(&m)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stdout.contains("exit=2"), "{stdout}\n{stderr}");
    let left: Vec<&str> = stdout.lines().skip_while(|l| !l.starts_with("exit=")).skip(1).collect();
    assert!(left.iter().all(|n| !n.ends_with(".partial")), "partial zips left on the full disk: {left:?}");
    let errors: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!stderr.contains("ZipWriter") && !stderr.contains("Os {"), "debug output: {stderr}");
    // Every package that is not on the disk has exactly one error line, naming the cause.
    let targets = ["web", "scorm12", "scorm2004", "xapi", "cmi5"];
    for target in targets {
        let name = format!("m-1.0.0-{target}.zip");
        let lines: Vec<&&str> = errors.iter().filter(|l| l.contains(&format!("for {target}:"))).collect();
        if left.contains(&name.as_str()) {
            assert!(lines.is_empty(), "{target} was written and failed: {lines:?}");
        } else {
            assert_eq!(lines.len(), 1, "{target}: {stderr}");
            assert!(
                lines[0].contains("the disk is full") && lines[0].contains("No space left on device"),
                "{}",
                lines[0]
            );
        }
    }
    assert!(errors.iter().all(|l| l.starts_with("error: building m for ")), "other output: {stderr}");
    assert!(left.len() < targets.len(), "every package fitted: the disk is not small enough");
}
