//! A bounded fuzz test of the command line (issue 12, "Done when"): mutated
//! module folders, manifests (`module.toml`, `course.toml`), GIFT and Aiken
//! banks go through `check` and `build` (the module, and the course around
//! it), `export gift` and `import`, and every run must
//!
//! * exit with 0, 1 or 2, never panic (no `panicked` on stderr) and finish
//!   within its time limit;
//! * write nothing outside `--out` and change no source file (every file
//!   under the test's folder, `--out` excepted, is hashed before and after);
//! * leave in `--out` only finished packages (no `.partial` file), and no
//!   package holding the bytes of a file outside the module;
//! * report what it refuses: `--format json` prints one JSON report whose
//!   errors each name a file and a line, and a failure on exit 2 says why on
//!   stderr.
//!
//! The mutations are drawn from a seeded generator, so a failure names the
//! seed and case that reproduce it. `cargo test` runs a few dozen cases in
//! seconds; for a long run:
//!
//! ```sh
//! COURSEPACK_FUZZ_CASES=2000 COURSEPACK_FUZZ_SEED=7 cargo test -p coursepack-cli --test fuzz_cli -- --nocapture
//! ```

#![cfg(unix)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bytes only the file outside the module holds.
const SECRET: &str = "FUZZ-SECRET-OUTSIDE-THE-MODULE";
/// Longest any one command may take on a fuzzed input (debug build, shared machine).
const LIMIT: Duration = Duration::from_secs(60);

/// A small seeded generator (xorshift64*): the test needs reproducible
/// streams of numbers, not cryptographic quality, and a dependency for this
/// would be heavier than these lines.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Fragments that have broken parsers of Markdown, TOML, GIFT, paths and HTML.
const HOSTILE: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\r\n",
    b"\r",
    b"\0",
    b"\xFF\xFE",
    b"\xC3\x28",
    b"\xE2\x82",
    b"../../outside/secret.md",
    b"/etc/passwd",
    b"%2e%2e/%2e%2e/outside/secret.png",
    b"media/../../outside/secret.png",
    b"<script>alert(1)</script>",
    b"<b>",
    b"</i>",
    b"<svg onload=alert(1)>",
    b"javascript:alert(1)",
    b"[link](../../outside/secret.pdf)",
    b"![x](media/../../../outside/secret.png)",
    b"```question\nid: q\n",
    b"```\n",
    b"    ```question\n",
    b"[[",
    b"]]",
    b"[[a|",
    b"- [x] ",
    b"- [ ] ",
    b"credit: 150\n",
    b"credit: -1e308\n",
    b"points: 99999999999999999999\n",
    b"answer: 1e400\n",
    b"tolerance: NaN\n",
    b"{",
    b"}",
    b"{#",
    b"{=",
    b"~%",
    b"%%",
    b"::",
    b"->",
    b"####",
    b"\\",
    b"$CATEGORY: ",
    b"[html]",
    b"@@PLUGINFILE@@/x.png",
    b"ANSWER: ",
    b"A. ",
    b"pages = [\"../outside/secret.md\"]\n",
    b"[quiz]\n",
    b"[[quiz.bands]]\n",
    b"id = \"\"\n",
    b"= \"\n",
    b"\"\"\"",
    b"x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
    b"\xF0\x9F\x98\x80",
    b"e\xCC\x81",
    b"\xE2\x80\xAE",
    b"# ",
    b"\n\n",
    b"|a|b|\n|-|-|\n",
    b"> [!NOTE]\n",
];

/// Change `text` by one to four edits: a hostile fragment inserted, a range
/// deleted, duplicated or truncated, or a byte changed.
fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 | 1 => {
                let fragment = rng.pick(HOSTILE);
                out.splice(at..at, fragment.iter().copied());
            }
            2 => {
                let end = (at + rng.below(40)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(200)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            4 => out.truncate(at),
            _ => {
                if at < out.len() {
                    out[at] = (rng.next() & 0xFF) as u8;
                }
            }
        }
    }
    out
}

fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1").timeout(LIMIT);
    cmd
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed module: the quiz fixture of the browser tests (every question
/// type) plus a page with media, a linked file, author HTML, a table and a
/// callout.
fn seed_module() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let fixture = repo().join("tests/e2e/fixtures/quiz/immediate");
    for name in ["01-checks.md", "02-assessment.md"] {
        files.insert(name.to_string(), std::fs::read(fixture.join(name)).unwrap());
    }
    let manifest = std::fs::read_to_string(fixture.join("module.toml")).unwrap();
    let manifest = manifest.replace(
        "pages = [\"01-checks.md\", \"02-assessment.md\"]",
        "pages = [\"01-checks.md\", \"02-assessment.md\", \"03-media.md\"]",
    );
    files.insert("module.toml".into(), manifest.into_bytes());
    files.insert(
        "03-media.md".into(),
        b"# Media and links\n\nA <b>bold</b> and <i>italic</i> word, a [handout](media/handout.pdf).\n\n\
          ![A reading room](media/room.png)\n\n![A plan](media/plan.svg)\n\n| Year | Loans |\n|---|---|\n| 2024 | 12 |\n\n\
          > [!NOTE]\n> Keep the register.\n"
            .to_vec(),
    );
    files.insert("media/room.png".into(), b"\x89PNG\r\n\x1a\nroom".to_vec());
    files.insert(
        "media/plan.svg".into(),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Plan</title><rect width=\"10\" height=\"10\" fill=\"#036\"/></svg>"
            .to_vec(),
    );
    files.insert("media/handout.pdf".into(), b"%PDF-1.4 handout".to_vec());
    files
}

/// A GIFT bank with every construct Moodle documents (written for this test).
const GIFT_SEED: &str = "// A bank for the fuzz test\n$CATEGORY: $course$/top/Data protection/Basics\n\n\
::Lawful basis::Which lawful basis does a library rely on? {\n=Public task#Right.\n~Consent#No.\n~%50%Contract#Partly.\n####The Act puts a duty on councils.\n}\n\n\
::Personal data::Which are personal data? {\n~%50%A name\n~%50%An email address\n~%-100%Opening hours\n}\n\n\
::Paper::Paper records can be personal data.{TRUE#Look again.#Right.}\n\n\
::Regulator::Who regulates data protection? {=ICO =%50%Information Commissioner#Close enough.}\n\n\
::Hours::How many hours to report a breach? {#\n=%100%72:0#Right.\n=%50%72:24#Close.\n~#No.\n}\n\n\
::Match::Match them. {\n=Controller -> decides\n=Processor -> acts\n= -> audits\n}\n\n\
The {=ICO ~FCA ~CMA} regulates data protection.\n\n\
::Essay::[html]<p>Describe your <b>retention</b> policy.</p>{}\n\n\
A short description of what follows.\n\n\
::Range::Pick a number from 1 to 5 {#1..5}\n";

/// A course of the one module, in a section (written for this test).
const COURSE_SEED: &str = "id = \"fuzz-course\"\ntitle = \"A course\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\n\
summary = \"A course for the fuzz test.\"\nlicence = \"CC-BY-4.0\"\n\n[[sections]]\nid = \"only\"\ntitle = \"The only section\"\nmodules = [\"m\"]\n";

const AIKEN_SEED: &str = "Which body regulates data protection in the UK?\nA. The ICO\nB. The FCA\nC) The CMA\nANSWER: A\n\n\
How long is a subject access request deadline?\nA. One month\nB. Two weeks\nANSWER: A\n";

/// Every file under `root` except those under `skip`, with its bytes (links as their target).
fn snapshot(root: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.starts_with(skip) {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(path, format!("link -> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(path.clone(), b"dir".to_vec());
                stack.push(path);
            } else if meta.is_file() {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// What one case did, for the counts printed at the end.
#[derive(Default)]
struct Counts {
    runs: usize,
    exit: [usize; 3],
}

struct Case<'a> {
    seed: u64,
    number: usize,
    root: &'a Path,
    out: &'a Path,
    counts: &'a mut Counts,
}

impl Case<'_> {
    /// Run `coursepack args` in the case's folder and check everything the
    /// module doc promises; returns the exit code and stdout.
    fn run(&mut self, args: &[&str], json: bool) -> (i32, String) {
        let before = snapshot(self.root, self.out);
        let output = coursepack(self.root).args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let what = format!(
            "seed {} case {}: coursepack {}\nstdout: {stdout}\nstderr: {stderr}",
            self.seed,
            self.number,
            args.join(" ")
        );
        let Some(code) = output.status.code() else { panic!("killed (time limit {LIMIT:?}?): {what}") };
        assert!(matches!(code, 0..=2), "exit code {code}: {what}");
        assert!(!stderr.contains("panicked"), "panic: {what}");
        self.counts.runs += 1;
        self.counts.exit[code as usize] += 1;
        let after = snapshot(self.root, self.out);
        assert!(before == after, "files outside --out changed: {:?}\n{what}", changed(&before, &after));
        if json && code != 2 {
            let report: Value = serde_json::from_str(&stdout)
                .or_else(|_| serde_json::from_str(&stderr))
                .unwrap_or_else(|_| panic!("no JSON report: {what}"));
            for d in report["diagnostics"].as_array().unwrap_or(&Vec::new()) {
                if d["severity"] == "error" {
                    // Every error names its file; one about the whole file (a link out of
                    // the folder, which is never opened) has line 0 and column 0
                    // (`Location::file`), any other a line and column from 1.
                    let file = d["location"]["file"].as_str().unwrap_or("");
                    let line = d["location"]["line"].as_u64();
                    let column = d["location"]["column"].as_u64();
                    let placed = match (line, column) {
                        (Some(0), Some(0)) => true,
                        (Some(l), Some(c)) => l >= 1 && c >= 1,
                        _ => false,
                    };
                    assert!(!file.is_empty() && placed, "an error without a place: {d}\n{what}");
                }
            }
            if code == 1 {
                assert!(
                    report["diagnostics"].as_array().is_some_and(|d| !d.is_empty()),
                    "exit 1 without a diagnostic: {what}"
                );
            }
        }
        if code == 2 {
            assert!(!stderr.trim().is_empty(), "exit 2 without a word: {what}");
        }
        self.check_out(&what);
        (code, stdout)
    }

    /// `--out` holds finished packages only, none with the secret.
    fn check_out(&self, what: &str) {
        let Ok(entries) = std::fs::read_dir(self.out) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.contains("partial"), "a partial file is left: {name}\n{what}");
            if path.extension().is_some_and(|e| e == "zip") {
                let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap())
                    .unwrap_or_else(|e| panic!("{name} is not a zip ({e}): {what}"));
                for i in 0..archive.len() {
                    let mut file = archive.by_index(i).unwrap();
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
                    assert!(
                        !String::from_utf8_lossy(&bytes).contains(SECRET),
                        "{name} holds {} with the outside secret: {what}",
                        file.name().unwrap_or_default()
                    );
                }
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{name} holds the outside secret: {what}");
            }
        }
    }
}

fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> =
        before.iter().filter(|(p, b)| after.get(*p) != Some(*b)).map(|(p, _)| p.clone()).collect();
    paths.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    paths
}

fn cases() -> usize {
    std::env::var("COURSEPACK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12)
}

fn seed() -> u64 {
    std::env::var("COURSEPACK_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20_261_205)
}

/// Write the (mutated) module under `root/src/m`, sometimes with a file
/// swapped for a link out of the module, a folder or a missing file.
fn write_module(rng: &mut Rng, root: &Path, files: &BTreeMap<String, Vec<u8>>) -> PathBuf {
    let outside = root.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), format!("# Secret\n\n{SECRET}\n")).unwrap();
    std::fs::write(outside.join("secret.png"), format!("\u{89}PNG\r\n\u{1a}\n{SECRET}")).unwrap();
    let module = root.join("src/m");
    std::fs::create_dir_all(module.join("media")).unwrap();
    let names: Vec<&String> = files.keys().collect();
    // Which file, if any, becomes something else on disk.
    let odd = if rng.below(3) == 0 { Some(rng.below(names.len())) } else { None };
    for (i, name) in names.iter().enumerate() {
        let path = module.join(name);
        let mut bytes = files[*name].clone();
        if rng.below(3) == 0 {
            bytes = mutate(rng, &bytes);
        }
        match (odd == Some(i), rng.below(4)) {
            (true, 0) => {
                let target = if Path::new(name.as_str()).extension().is_some_and(|e| e == "md") {
                    outside.join("secret.md")
                } else {
                    outside.join("secret.png")
                };
                std::os::unix::fs::symlink(target, &path).unwrap();
            }
            (true, 1) => std::fs::create_dir_all(&path).unwrap(),
            (true, 2) => {}
            _ => std::fs::write(&path, bytes).unwrap(),
        }
    }
    module
}

#[test]
fn hostile_modules_and_banks_through_every_command() {
    let seed = seed();
    let mut rng = Rng::new(seed);
    let mut counts = Counts::default();
    let files = seed_module();
    for number in 0..cases() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let out = root.join("out");
        std::fs::create_dir_all(&out).unwrap();
        let module = write_module(&mut rng, root, &files);
        let gift =
            if rng.below(4) == 0 { GIFT_SEED.as_bytes().to_vec() } else { mutate(&mut rng, GIFT_SEED.as_bytes()) };
        let aiken =
            if rng.below(4) == 0 { AIKEN_SEED.as_bytes().to_vec() } else { mutate(&mut rng, AIKEN_SEED.as_bytes()) };
        let course =
            if rng.below(3) == 0 { mutate(&mut rng, COURSE_SEED.as_bytes()) } else { COURSE_SEED.as_bytes().to_vec() };
        std::fs::write(root.join("src/course.toml"), course).unwrap();
        std::fs::write(root.join("src/bank.gift"), gift).unwrap();
        std::fs::write(root.join("src/bank.txt"), aiken).unwrap();
        let mut case = Case { seed, number, root, out: &out, counts: &mut counts };
        let m = module.strip_prefix(root).unwrap().to_str().unwrap().to_string();
        case.run(&["check", &m, "--format", "json"], true);
        let target = *rng.pick(&["web", "scorm12", "scorm2004", "xapi", "cmi5"]);
        case.run(&["build", &m, "--target", target, "--out", "out", "--format", "json"], true);
        // The course around it: its manifest mutated too.
        case.run(&["check", "src", "--format", "json"], true);
        case.run(&["build", "src", "--target", target, "--out", "out", "--format", "json"], true);
        case.run(&["export", "gift", &m, "--out", "out/bank.gift", "--format", "json"], true);
        case.run(&["import", "gift", "src/bank.gift", "--out", "out/gift.md", "--format-problems", "json"], true);
        case.run(&["import", "aiken", "src/bank.txt", "--out", "out/aiken.md", "--format-problems", "json"], true);
    }
    eprintln!(
        "fuzz: seed {seed}, {} cases, {} runs: exit 0 ×{}, exit 1 ×{}, exit 2 ×{}; no panic, nothing written outside --out",
        cases(),
        counts.runs,
        counts.exit[0],
        counts.exit[1],
        counts.exit[2]
    );
    assert_eq!(counts.runs, cases() * 7);
}
