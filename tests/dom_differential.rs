//! The compact tree `check` and `audit` read pages into (`compliance::dom`) against the
//! reference: scraper's tree, built by the same html5ever rules. On every page of the example
//! site (minified and not), of a site from every `init` profile, of every audit fixture, and
//! on markup that exercises the parser's repairs, both trees must hold the same elements, with
//! the same kept attributes, and the same text, at the same depths, in the same order.

mod common;

use std::path::Path;

use common::{PROFILES, build_ok, example_site, init_site, repo};
use scraper::{Html, Node};
use uslugi_compliance::dom::{Dom, KEPT_ATTRIBUTES, NodeId};

/// One node as both trees can say it: depth, then an element's name and kept attributes, or
/// a text's content. Comments, doctypes and processing instructions are left out.
type Line = (usize, String);

fn ours(html: &str) -> Vec<Line> {
    let dom = Dom::parse(html);
    assert!(!dom.cut, "a page we test with is never cut");
    let line = |n: NodeId| -> Option<String> {
        if let Some(e) = dom.element(n) {
            let attrs: Vec<String> = KEPT_ATTRIBUTES
                .iter()
                .filter_map(|a| e.attr(a).map(|v| format!("{a}={v:?}")))
                .collect();
            Some(format!("<{} {}>", e.name(), attrs.join(" ")))
        } else {
            dom.text_node(n).map(|t| format!("{t:?}"))
        }
    };
    dom.descendants(Dom::DOCUMENT)
        .skip(1)
        .filter_map(|n| line(n).map(|l| (dom.ancestors(n).count(), l)))
        .collect()
}

fn reference(html: &str) -> Vec<Line> {
    use html5ever::tendril::TendrilSink;
    // As ours: a browser without scripts, whose `<noscript>` holds elements.
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let doc =
        html5ever::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts).one(html);
    doc.tree
        .root()
        .descendants()
        .skip(1)
        .filter_map(|n| {
            let line = match n.value() {
                Node::Element(e) => {
                    let attrs: Vec<String> = KEPT_ATTRIBUTES
                        .iter()
                        .filter_map(|a| e.attr(a).map(|v| format!("{a}={v:?}")))
                        .collect();
                    format!("<{} {}>", e.name(), attrs.join(" "))
                }
                Node::Text(t) => format!("{:?}", &**t),
                _ => return None,
            };
            // A template's content sits under a fragment node there, right under the template
            // here.
            let depth = n
                .ancestors()
                .filter(|a| !matches!(a.value(), Node::Fragment))
                .count();
            Some((depth, line))
        })
        .collect()
}

fn same_tree(html: &str, what: &str) {
    let (a, b) = (ours(html), reference(html));
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!(
            "{what}: the trees part at node {i}:\n  ours:      {:?}\n  reference: {:?}",
            a.get(i),
            b.get(i)
        );
    }
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "htm")
        })
        .map(|e| e.into_path())
        .collect()
}

fn every_page(dir: &Path) -> usize {
    let files = html_files(dir);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        same_tree(&String::from_utf8_lossy(&bytes), &f.display().to_string());
    }
    files.len()
}

#[test]
fn every_page_we_build() {
    let site = example_site();
    for (flag, out) in [("--no-minify", "plain"), ("--minify", "min")] {
        build_ok(site.path(), &[flag, "-o", out]);
        assert!(every_page(&site.path().join(out)) > 20);
    }
    for profile in PROFILES {
        let (_dir, root) = init_site(profile, "Проверка", &[]);
        build_ok(&root, &["-o", "out"]);
        assert!(every_page(&root.join("out")) > 5, "{profile}");
    }
}

#[test]
fn every_audit_fixture() {
    assert!(every_page(&repo().join("tests/fixtures/audit")) >= 10);
}

#[test]
fn markup_the_parser_repairs() {
    for html in [
        "<p>one<p>two<div>three</p>four",
        "<b>bold <i>both</b> italic</i> plain",
        "<table><tr><td>cell</td></tr>stray <b>text</b><tr><td>two</table>",
        "<a href=/1>one<a href=/2>two</a>",
        "<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>q<dd>a<dt>q2</dl>",
        "<svg viewBox='0 0 1 1'><title>t</title><foreignObject><p>in</p></foreignObject></svg>",
        "<template><p>later</p></template><noscript><p>no</p></noscript>",
        "<select><option>1<option>2</select><textarea><b>raw</b></textarea>",
        "<html lang=ru><body class=x><body id=y><p title='t' onclick=x>p",
        "<p><b id=1><b id=2><b id=3></p><p>again</p><p>and again",
        "<frameset><frame src=a></frameset>",
        "<!doctype html><!-- c --><?pi x?><main role=main>m</main>",
    ] {
        same_tree(html, html);
    }
}
