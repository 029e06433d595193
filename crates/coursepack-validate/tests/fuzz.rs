//! Fuzzing without cargo-fuzz: proptest on raw bytes for the zip reader and
//! the XML reader. No input may panic, and each run must stay fast.

use coursepack_validate::xml;
use coursepack_validate::zipread::ZipArchive;
use coursepack_validate::{Edition, Limits, Standard, schema_diagnostics};
use proptest::prelude::*;
use std::io::Cursor;
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(2);

fn seed_zip() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("imsmanifest.xml", o).expect("start");
    std::io::Write::write_all(&mut w, b"<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"><organizations/><resources/></manifest>").expect("write");
    w.start_file("index.html", o).expect("start");
    std::io::Write::write_all(&mut w, &[b'x'; 300]).expect("write");
    w.finish().expect("finish").into_inner()
}

fn read_all(bytes: &[u8]) {
    if let Ok(mut z) = ZipArchive::open(Cursor::new(bytes.to_vec())) {
        for i in 0..z.entries.len().min(64) {
            let _ = z.read_entry(i, 1 << 20);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn zip_reader_survives_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let t = Instant::now();
        read_all(&bytes);
        prop_assert!(t.elapsed() < BUDGET);
    }

    #[test]
    fn zip_reader_survives_mutated_zips(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16), cut in any::<usize>()) {
        let mut bytes = seed_zip();
        for (at, v) in flips {
            let n = bytes.len();
            bytes[at % n] = v;
        }
        if cut % 4 == 0 {
            let keep = cut % (bytes.len() + 1);
            bytes.truncate(keep);
        }
        let t = Instant::now();
        read_all(&bytes);
        prop_assert!(t.elapsed() < BUDGET);
    }

    #[test]
    fn xml_reader_survives_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let t = Instant::now();
        let _ = xml::parse("imsmanifest.xml", &bytes, &Limits::default());
        prop_assert!(t.elapsed() < BUDGET);
    }

    #[test]
    fn xml_and_schema_survive_tag_soup(parts in proptest::collection::vec(prop_oneof![
        Just("<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"m\">".to_string()),
        Just("</manifest>".to_string()), Just("<organizations>".to_string()), Just("</organizations>".to_string()),
        Just("<item identifier=\"i\">".to_string()), Just("</item>".to_string()), Just("<resources/>".to_string()),
        Just("&amp;".to_string()), Just("&bogus;".to_string()), Just("&#0;".to_string()), Just("<![CDATA[x]]>".to_string()),
        Just("<!DOCTYPE x>".to_string()), Just("<?xml version=\"1.0\"?>".to_string()), Just("<a:b>".to_string()),
        "[ -~]{0,8}",
    ], 0..40)) {
        let text = parts.concat();
        let t = Instant::now();
        for s in [Standard::Scorm12, Standard::Scorm2004(Edition::Fourth), Standard::Cmi5, Standard::TinCan] {
            let _ = schema_diagnostics(s, "imsmanifest.xml", text.as_bytes());
        }
        prop_assert!(t.elapsed() < BUDGET);
    }
}
