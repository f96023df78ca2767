//! The Dockerfile parser: `parse` never panics; a parsed file has numbered stages and
//! instructions on lines of the file in order; each ONBUILD trigger reads back with
//! `parse_trigger` (which may refuse it, never panic), as a later build would.
#![no_main]

use ctr::build::dockerfile::{Kind, parse, parse_trigger};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(df) = parse(text, "Dockerfile") else { return };
    assert!(!df.stages.is_empty());
    let lines = text.split_inclusive('\n').count();
    let mut last = 0;
    for (i, stage) in df.stages.iter().enumerate() {
        assert_eq!(stage.index, i);
        assert!(matches!(stage.from.kind, Kind::From { .. }));
        for ins in df.global_args.iter().chain([&stage.from]).chain(&stage.instructions) {
            assert!((1..=lines).contains(&ins.line), "line {} of {lines}", ins.line);
            if let Kind::Onbuild(trigger) = &ins.kind {
                let _ = parse_trigger(trigger);
            }
        }
        assert!(stage.from.line > last);
        last = stage.from.line;
    }
});
