//! registries.conf: parsing any text never panics, and neither does resolving names
//! through what parsed (the entries' own prefixes, locations and mirrors, the aliases,
//! the search registries): every pull gets at least one endpoint, or "blocked"; a short
//! name that resolves has candidates, each qualified.
#![no_main]

use ctr::engine::local::pull::{candidates, is_short};
use ctr::image::registry::conf::RegistriesConf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(conf) = RegistriesConf::parse(text) else { return };
    let mut names: Vec<String> = vec!["docker.io/library/busybox".into(), "localhost:5000/x/y".into()];
    for e in &conf.entries {
        names.push(e.prefix.clone());
        names.push(format!("{}/x", e.prefix));
        names.push(format!("{}/x", e.prefix.trim_start_matches("*.")));
        names.push(format!("a.{}/x:tag", e.prefix.trim_start_matches("*.")));
        names.push(format!("{}/y", e.location));
        names.extend(e.mirrors.iter().map(|(m, _)| format!("{m}/z")));
    }
    names.extend(conf.aliases.values().cloned());
    names.extend(conf.search.iter().map(|s| format!("{s}/x")));
    // Short names: fixed ones and the aliases' own, with a tag and a digest too.
    let mut short: Vec<String> = vec!["busybox".into(), "user/app:1".into()];
    short.extend(conf.aliases.keys().cloned());
    for name in short.iter().flat_map(|n| [n.clone(), format!("{n}:tag"), format!("{n}@sha256:{}", "a".repeat(64))]) {
        if let Ok(found) = candidates(&name, &conf) {
            assert!(!found.is_empty(), "{name:?}: no candidate");
            if is_short(&name) {
                assert!(found.iter().all(|r| !r.registry.is_empty()), "{name:?}: {found:?}");
            }
        }
    }
    for name in &names {
        let (registry, repository) = name.split_once('/').unwrap_or((name.as_str(), ""));
        let _ = conf.insecure(registry);
        let _ = conf.entry_for(name);
        for pull in [true, false] {
            if let Ok(eps) = conf.endpoints(registry, repository, pull) {
                assert!(!eps.is_empty(), "{name:?}: no endpoint");
            }
        }
    }
});
