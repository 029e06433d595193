//! No command panics on a write to stdout or stderr: not when the reader of a
//! pipe has gone (`coursepack check m 2>&1 | head -1`), not when stderr is
//! closed. Each command still ends with its usual exit code. The list of
//! commands comes from `coursepack --help`, so a new command without a case
//! here fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_coursepack"))
}

/// The subcommands `coursepack --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let out = Command::new(bin()).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let listed = help.split("Commands:").nth(1).expect("a Commands: section").split("\n\n").next().unwrap();
    listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// A module with a warning (so `check` and `build` print a report) and a
/// question (so `export` prints a bank), a GIFT bank, and a built package.
struct Fixture {
    root: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let root = tempfile::tempdir().unwrap();
        let m = root.path().join("m");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(
            m.join("module.toml"),
            "id = \"m\"\ntitle = \"M\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n",
        )
        .unwrap();
        let mut page = String::from("# A\n\nFor more, [click here](https://example.com).\n\n");
        page.push_str("```question\nid: q1\nWhich?\n\n- [x] Yes\n- [ ] No\n```\n\n");
        // Enough text that every report is larger than one pipe write.
        page.push_str(&"Some words about data stewardship in libraries. ".repeat(2000));
        std::fs::write(m.join("01-a.md"), page).unwrap();
        std::fs::write(root.path().join("bank.gift"), "::Q1:: Is it? {T}\n\n::Q2:: Which? {=a ~b}\n").unwrap();
        std::fs::write(
            root.path().join("choice.md"),
            "# A choice\nid: choice\n\n## Start {#start}\n\nWhat now?\n\n- Go on => end\n- Wait => start\n\n## The end {#end}\noutcome: Done\nsuccess: yes\n\nYou went on.\n",
        )
        .unwrap();
        let status = Command::new(bin())
            .args(["build", "m", "--target", "scorm12", "--out", "built"])
            .current_dir(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        Fixture { root }
    }

    fn dir(&self) -> &Path {
        self.root.path()
    }
}

/// Each command with arguments that make it write on stdout and stderr, and the exit code it ends with.
fn cases(fixture: &Fixture) -> Vec<(&'static str, Vec<String>, i32)> {
    let out = |name: &str| fixture.dir().join(name).display().to_string();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        ("new", vec!["new".into(), out("fresh")], 0),
        ("check", s(&["check", "m"]), 0),
        ("check", s(&["check", "m", "--format", "json"]), 0),
        ("check", s(&["check", "m", "--deny-warnings"]), 1),
        ("build", vec!["build".into(), "m".into(), "--target".into(), "all".into(), "--out".into(), out("dist")], 0),
        ("build", s(&["build", "m", "--format", "json", "--out", "json-dist"]), 0),
        ("validate", s(&["validate", "built/m-1.0.0-scorm12.zip"]), 0),
        ("validate", s(&["validate", "built/m-1.0.0-scorm12.zip", "--format", "json"]), 0),
        ("validate", s(&["validate", "built/m-1.0.0-scorm12.zip", "--format", "junit"]), 0),
        ("import", s(&["import", "gift", "bank.gift"]), 0),
        ("export", s(&["export", "gift", "m"]), 0),
        ("scenario", s(&["scenario", "map", "choice.md"]), 0),
        ("scenario", s(&["scenario", "map", "choice.md", "--dot"]), 0),
        ("completions", s(&["completions", "bash"]), 0),
        // a preview runs until stopped; the case that ends is the folder that is not there
        ("preview", s(&["preview", "no-such-folder", "--port", "0"]), 2),
        ("help", s(&["--help"]), 0),
        ("help", s(&["build", "--help"]), 0),
        ("usage", s(&["build", "m", "--target", "nope"]), 2),
        ("usage", s(&["check", "no-such-folder"]), 2),
    ]
}

#[test]
fn every_command_has_a_case() {
    let fixture = Fixture::new();
    let covered: Vec<&str> = cases(&fixture).iter().map(|c| c.0).collect();
    for command in subcommands() {
        assert!(covered.contains(&command.as_str()), "no closed-pipe case for `coursepack {command}`");
    }
}

/// stdout and stderr both the writing end of a pipe whose reader is already
/// closed: every write fails with EPIPE, deterministically (no race with a
/// reader such as `head`).
#[test]
fn no_command_panics_when_the_reader_of_its_output_has_gone() {
    let fixture = Fixture::new();
    for (_, args, code) in cases(&fixture) {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = Command::new(bin())
            .args(&args)
            .current_dir(fixture.dir())
            .stdin(Stdio::null())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "coursepack {} with a broken pipe: {status}", args.join(" "));
    }
}

/// stdout a pipe read to the end; stderr closed (`2>&-`): the command's stdout
/// is complete and its exit code unchanged.
#[test]
fn no_command_panics_with_stderr_closed() {
    let fixture = Fixture::new();
    for (_, args, code) in cases(&fixture) {
        let reference =
            Command::new(bin()).args(&args).current_dir(fixture.dir()).stdin(Stdio::null()).output().unwrap();
        if args[0] == "new" {
            std::fs::remove_dir_all(fixture.dir().join("fresh")).unwrap();
        }
        let output = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 2>&-")
            .arg(bin())
            .args(&args)
            .current_dir(fixture.dir())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "coursepack {} with stderr closed", args.join(" "));
        assert_eq!(output.stdout, reference.stdout, "coursepack {}: stdout changed", args.join(" "));
        if args[0] == "new" {
            std::fs::remove_dir_all(fixture.dir().join("fresh")).unwrap();
        }
    }
}
