//! What the README promises stays true: the rule table matches `uslugi rules`, and the CI
//! recipes are well-formed YAML that call only commands and flags uslugi has.

mod common;

use common::*;

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

#[test]
fn readme_rule_table_is_the_catalog() {
    let out = uslugi(&repo(), &["rules", "--format", "markdown"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let readme = readme();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert_eq!(
        readme[start..end],
        table,
        "README's rule table is out of date: paste `uslugi rules --format markdown` between the markers"
    );
}

/// Every string in a YAML document.
fn strings(v: &serde_yaml::Value, out: &mut Vec<String>) {
    match v {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Sequence(seq) => seq.iter().for_each(|x| strings(x, out)),
        serde_yaml::Value::Mapping(m) => m.iter().for_each(|(k, x)| {
            strings(k, out);
            strings(x, out);
        }),
        _ => {}
    }
}

#[test]
fn ci_recipes_are_yaml_that_call_real_commands() {
    let readme = readme();
    for name in [
        "gitlab-ci.yml",
        "github-actions.yml",
        "gitlab-pages.yml",
        "github-pages.yml",
    ] {
        let text = std::fs::read_to_string(repo().join("recipes").join(name)).unwrap();
        assert!(
            readme.contains(&format!("recipes/{name}")),
            "README does not name recipes/{name}"
        );
        // The recipes that publish to the agency's hosting are in the README whole.
        let to_hosting = !name.contains("pages");
        assert!(
            !to_hosting || readme.contains(&text),
            "README does not carry recipes/{name} verbatim"
        );
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut all = Vec::new();
        strings(&doc, &mut all);
        let commands: Vec<&str> = all
            .iter()
            .flat_map(|s| s.lines())
            .map(str::trim)
            .filter(|l| l.starts_with("uslugi "))
            .collect();
        assert!(
            commands.iter().any(|c| c.starts_with("uslugi check")),
            "{name} runs no check"
        );
        assert!(
            commands.iter().any(|c| c.starts_with("uslugi build"))
                || commands.iter().any(|c| c.starts_with("uslugi deploy")),
            "{name} runs no build"
        );
        assert!(
            !to_hosting || commands.iter().any(|c| c.starts_with("uslugi deploy")),
            "{name} does not publish to the hosting"
        );
        for cmd in commands {
            let words: Vec<&str> = cmd.split_whitespace().collect();
            let help = uslugi(&repo(), &[words[1], "--help"]);
            assert!(
                help.status.success(),
                "{name}: `{cmd}`: no subcommand {}",
                words[1]
            );
            let help = String::from_utf8(help.stdout).unwrap();
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap();
                assert!(
                    help.contains(flag),
                    "{name}: `{cmd}`: {} has no {flag}",
                    words[1]
                );
            }
            if let Some(i) = words.iter().position(|w| *w == "--format") {
                assert!(
                    help.contains(&format!("- {}:", words[i + 1])),
                    "{name}: format {}",
                    words[i + 1]
                );
            }
        }
    }
}
