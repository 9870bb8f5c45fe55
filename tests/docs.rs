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
            assert_real_command(name, cmd);
        }
    }
}

/// Every shell command under `script` (GitLab) or `run` (GitHub) in a YAML document.
fn shell_of(v: &serde_yaml::Value, out: &mut Vec<String>) {
    match v {
        serde_yaml::Value::Mapping(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    (Some("script" | "before_script" | "run"), serde_yaml::Value::String(s)) => {
                        out.push(s.clone())
                    }
                    (Some("script" | "before_script"), serde_yaml::Value::Sequence(seq)) => {
                        out.extend(seq.iter().filter_map(|s| s.as_str().map(String::from)))
                    }
                    _ => shell_of(x, out),
                }
            }
        }
        serde_yaml::Value::Sequence(seq) => seq.iter().for_each(|x| shell_of(x, out)),
        _ => {}
    }
}

#[test]
fn every_recipe_is_yaml_whose_shell_parses_and_release_recipes_build_every_package() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("recipes")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            readme().contains(&format!("recipes/{name}")),
            "README does not name recipes/{name}"
        );
        let mut shell = Vec::new();
        shell_of(&doc, &mut shell);
        assert!(!shell.is_empty(), "{name} runs nothing");
        for script in &shell {
            let out = std::process::Command::new("bash")
                .args(["-n", "-c", script])
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}: `{script}`: {}", stderr(&out));
            checked += 1;
        }
        if name.starts_with("release-") {
            let all = shell.join("\n");
            for needle in [
                "packaging/build.sh release",
                "x86_64-unknown-linux-musl",
                "x86_64-pc-windows-gnu",
                "uslugi_*.deb",
                "uslugi-*.rpm",
            ] {
                assert!(all.contains(needle), "{name} does not build {needle}");
            }
        }
    }
    assert!(checked > 20, "{checked}");
}
