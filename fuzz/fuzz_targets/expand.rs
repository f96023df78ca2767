//! Docker's word expansion (`expand_word`, `expand_words`, `expand_heredoc`) and Go
//! durations (`parse_duration`): no panic, no blowup; text with nothing to expand comes
//! back as it is.
//!
//! Input: `WORD`, or `WORD\0VALUE` where VALUE is the value of every variable whose name
//! starts with `V` (`E` is set and empty, others are unset). A first byte `` ` `` picks
//! the backtick escape.
#![no_main]

use ctr::build::dockerfile::{expand_heredoc, expand_word, expand_words, parse_duration};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (word, value) = s.split_once('\0').unwrap_or((s, "a b"));
    let escape = if word.starts_with('`') { '`' } else { '\\' };
    let lookup = |name: &str| -> Option<String> {
        match name.chars().next() {
            Some('V') => Some(value.to_string()),
            Some('E') => Some(String::new()),
            _ => None,
        }
    };
    let one = expand_word(word, &lookup, escape);
    let many = expand_words(word, &lookup, escape);
    assert_eq!(one.is_ok(), many.is_ok(), "{word:?}: {one:?} vs {many:?}");
    let _ = expand_heredoc(word, &lookup);
    if !word.contains(['$', '\'', '"', escape]) {
        assert_eq!(one.as_deref(), Ok(word));
        let split: Vec<&str> = word.split_whitespace().collect();
        assert_eq!(many.unwrap(), split);
    }
    let _ = parse_duration(word);
});
