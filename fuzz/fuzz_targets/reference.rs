//! Image references: `Reference::parse` never panics, and what it accepts prints as a
//! reference that parses back to the same one.
#![no_main]

use ctr::image::reference::Reference;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok(r) = Reference::parse(s) else { return };
    let shown = r.to_string();
    let again =
        Reference::parse(&shown).unwrap_or_else(|e| panic!("{s:?} parsed, but its display {shown:?} does not: {e}"));
    assert_eq!(r, again, "{s:?} -> {shown:?}");
    assert_eq!(again.to_string(), shown);
    // The familiar name is a reference too, and names the same repository.
    let familiar = Reference::parse(&r.familiar_name()).expect("the familiar name parses");
    assert_eq!(familiar.name(), r.name());
});
