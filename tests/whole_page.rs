//! Every page judged whole, as a reader, a search engine and a screen reader get it: the tab
//! title, the meta description and Open Graph tags, the `alt`, `aria-label` and `title`
//! attributes and the body text must be the same with minify on and off, on the example site
//! and on a site of every `init` profile; each page's `<title>` starts with its front matter
//! title; and text with `<`, `&`, `"` and `</script>` in it is shown literally everywhere.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{PROFILES, build_ok, example_site, init_site};
use scraper::{ElementRef, Html, Node, Selector};

/// Elements that start a new line of text: the whitespace next to them is not shown.
const BLOCKS: [&str; 44] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "option",
    "select",
];

/// What a page says to its readers, whatever its markup looks like.
#[derive(Debug, PartialEq, Eq)]
struct Reading {
    title: String,
    meta: Vec<(String, String)>,
    attributes: Vec<(String, String, String)>,
    text: String,
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Marks the edge of a block in the collected text.
const EDGE: char = '\u{1}';

/// The text of `el` with an [`EDGE`] at every block edge, `<script>`/`<style>` left out.
fn block_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if matches!(name, "script" | "style" | "template") {
                    continue;
                }
                // An SVG is read as a picture: its title, description and labels are
                // compared one by one (see `read`), not as running text.
                if name == "svg" {
                    out.push(EDGE);
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push(EDGE);
                }
                if let Some(c) = ElementRef::wrap(child) {
                    block_text(c, out);
                }
                if block {
                    out.push(EDGE);
                }
            }
            _ => {}
        }
    }
}

/// Collapses HTML whitespace (not the no-break space) as a browser shows it: a run with a
/// block edge in it is one line break, any other run (line breaks in the source included)
/// one space.
fn collapse(text: &str) -> String {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | EDGE);
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_ws(c) {
            run.push(c);
            continue;
        }
        if !run.is_empty() && !out.is_empty() {
            out.push(if run.contains(EDGE) { '\n' } else { ' ' });
        }
        run.clear();
        out.push(c);
    }
    out
}

fn read(html: &str) -> Reading {
    let doc = Html::parse_document(html);
    let title = doc
        .select(&selector("title"))
        .next()
        .map(|t| t.text().collect::<String>())
        .unwrap_or_default();
    let mut meta = Vec::new();
    for m in doc.select(&selector("meta")) {
        let e = m.value();
        let key = e.attr("name").or_else(|| e.attr("property")).unwrap_or("");
        if key == "description" || key.starts_with("og:") || key.starts_with("twitter:") {
            meta.push((key.to_string(), e.attr("content").unwrap_or("").to_string()));
        }
    }
    let mut attributes = Vec::new();
    for el in doc.select(&selector("*")) {
        for attr in ["alt", "aria-label", "title", "placeholder", "lang"] {
            if let Some(v) = el.value().attr(attr) {
                attributes.push((
                    el.value().name().to_string(),
                    attr.to_string(),
                    v.to_string(),
                ));
            }
        }
    }
    // What an SVG says: its title, description and text labels, each trimmed.
    for el in doc.select(&selector("svg title, svg desc, svg text")) {
        let t: String = el.text().collect();
        attributes.push(("svg".into(), el.value().name().into(), collapse(&t)));
    }
    let mut text = String::new();
    if let Some(body) = doc.select(&selector("body")).next() {
        block_text(body, &mut text);
    }
    Reading {
        title,
        meta,
        attributes,
        text: collapse(&text),
    }
}

/// Every HTML file under `dir`, by relative path.
fn html_files(dir: &Path) -> BTreeMap<String, String> {
    common::snapshot(dir)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

/// The front matter `title` of a Markdown file, as written.
fn front_title(md: &Path) -> String {
    let text = std::fs::read_to_string(md).unwrap();
    let yaml = text
        .trim_start_matches('\u{feff}')
        .strip_prefix("---")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    value["title"].as_str().unwrap().to_string()
}

/// Builds the site at `root` from its own folder, without and with minify, and checks that
/// every page reads the same both ways and that each content page's tab title starts with its
/// front matter title. Returns the number of pages compared.
fn check_site(name: &str, root: &Path) -> usize {
    build_ok(root, &["--no-minify", "-o", "out-plain"]);
    build_ok(root, &["--minify", "-o", "out-min"]);
    let plain = html_files(&root.join("out-plain"));
    let min = html_files(&root.join("out-min"));
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        min.keys().collect::<Vec<_>>(),
        "{name}: the same pages"
    );
    let mut shrunk = 0;
    for (path, html) in &plain {
        let (a, b) = (read(html), read(&min[path]));
        // Snippets for pasting into other sites are fragments, not pages.
        let fragment = path.starts_with("_snippets/") && !path.ends_with("/index.html");
        assert!(fragment || !a.title.is_empty(), "{name} {path}: no <title>");
        assert_eq!(a.title, b.title, "{name} {path}: <title>");
        assert_eq!(a.meta, b.meta, "{name} {path}: meta tags");
        assert_eq!(a.attributes, b.attributes, "{name} {path}: attributes");
        if a.text != b.text {
            let at = a
                .text
                .chars()
                .zip(b.text.chars())
                .take_while(|(x, y)| x == y)
                .count();
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(40))
                    .take(80)
                    .collect::<String>()
            };
            panic!(
                "{name} {path}: body text differs at {at}:\n  plain: {:?}\n  min:   {:?}",
                around(&a.text),
                around(&b.text)
            );
        }
        if min[path].len() < html.len() {
            shrunk += 1;
        }
    }
    assert!(
        shrunk * 2 > plain.len(),
        "{name}: minify made most pages smaller"
    );

    // Each content page's tab title starts with its front matter title, set as the text.
    let typography = !std::fs::read_to_string(root.join("site.toml"))
        .unwrap()
        .contains("typography = false");
    let now = uslugi_core::Now::at(uslugi_core::jiff::Timestamp::UNIX_EPOCH);
    let site =
        uslugi_site::site::Site::load(root, &uslugi_site::site::SiteOptions::at(now)).unwrap();
    for page in &site.pages {
        let written = front_title(&root.join(&page.source));
        let want = if typography {
            uslugi_site::typography::apply(&written)
        } else {
            written.clone()
        };
        let file = if page.path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}index.html", page.path)
        };
        for (how, pages) in [("plain", &plain), ("minified", &min)] {
            let title = read(&pages[&file]).title;
            assert!(
                title.starts_with(&want),
                "{name} {file} ({how}): <title> {title:?} does not start with {want:?}"
            );
        }
    }
    plain.len()
}

#[test]
fn example_site_reads_the_same_minified() {
    let site = example_site();
    let pages = check_site("example", site.path());
    assert!(pages > 20, "{pages}");
}

#[test]
fn every_init_profile_reads_the_same_minified() {
    for profile in PROFILES {
        let (_work, root) = init_site(profile, "МБОУ \"Школа № 5\"", &[]);
        check_site(profile, &root);
    }
}

/// The reader-visible strings that must survive: each hostile value, decoded.
const HOSTILE: &str = "A<b> & \"c\" </script><script>alert(1)</script>";

fn hostile_site() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().to_path_buf();
    let yaml = |s: &str| serde_json::to_string(s).unwrap();
    let toml = |s: &str| toml_string(s);
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!(
            "title = {}\nbase_url = \"https://hostile.example/\"\ndescription = {}\n\n[organization]\nname = {}\nphone = \"+7 800 000-00-00\"\naddress = {}\n",
            toml(&format!("Сайт {HOSTILE}")),
            toml(&format!("Описание {HOSTILE}")),
            toml(&format!("Орган {HOSTILE}")),
            toml(&format!("Адрес {HOSTILE}")),
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        format!(
            "---\ntitle: {}\ndescription: {}\n---\n\nГлавная.\n",
            yaml(&format!("Главная {HOSTILE}")),
            yaml(&format!("Страница {HOSTILE}"))
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/faq.md"),
        format!(
            "---\ntitle: {}\nkind: faq\ntags: [{}]\n---\n\n## Вопрос A&lt;b&gt; &amp; &quot;c&quot; &lt;/script&gt;?\n\nОтвет &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;.\n",
            yaml(&format!("Вопросы {HOSTILE}")),
            yaml(&format!("Метка {HOSTILE}")),
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/centres.md"),
        "---\ntitle: Центры\nkind: centres\n---\n\nЦентры.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("data/centres.yaml"),
        format!(
            "- name: {}\n  address: {}\n  services: [identity]\n  hours:\n    mon-fri: 09:00-18:00\n",
            yaml(&format!("Центр {HOSTILE}")),
            yaml(&format!("Улица {HOSTILE}")),
        ),
    )
    .unwrap();
    (work, root)
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn hostile_text_is_shown_literally_everywhere() {
    let (_work, root) = hostile_site();
    build_ok(&root, &["--no-minify"]);
    let out = root.join("public");
    let files = common::snapshot(&out);
    let mut seen = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            // The only <script> elements are the theme's own: none was opened by the text.
            let doc = Html::parse_document(&text);
            for script in doc.select(&selector("script")) {
                let body: String = script.text().collect();
                assert!(
                    !body.contains("alert(1)")
                        || script.value().attr("type") == Some("application/ld+json"),
                    "{path}: a script runs the text: {body}"
                );
                if script.value().attr("type") == Some("application/ld+json") {
                    let v: serde_json::Value = serde_json::from_str(&body)
                        .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}\n{body}"));
                    assert!(v.to_string().contains("alert(1)"), "{path}: {v}");
                    seen += 1;
                }
            }
            let reading = read(&text);
            let all = format!(
                "{}\n{:?}\n{:?}\n{}",
                reading.title, reading.meta, reading.attributes, reading.text
            );
            if all.contains("alert(1)") {
                assert!(
                    all.contains("</script><script>alert(1)</script>"),
                    "{path}: the text is shown literally:\n{all}"
                );
                seen += 1;
            }
        } else if path.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
            let all: String = doc
                .descendants()
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join("\n");
            if text.contains("alert(1)") {
                assert!(all.contains(HOSTILE) || all.contains("alert(1)"), "{path}");
                seen += 1;
            }
        }
    }
    let home = read(&String::from_utf8_lossy(&files["index.html"]));
    assert!(
        home.title.contains("</script><script>alert(1)</script>"),
        "{}",
        home.title
    );
    assert!(
        home.meta
            .iter()
            .any(|(k, v)| k == "description" && v.contains("alert(1)")),
        "{:?}",
        home.meta
    );
    let faq = read(&String::from_utf8_lossy(&files["faq/index.html"]));
    assert!(
        faq.text.contains("Вопрос A<b> & «c» </script>?"),
        "{}",
        faq.text
    );
    let centres = read(&String::from_utf8_lossy(&files["centres/index.html"]));
    assert!(
        centres.text.contains("Центр A<b> & «c»") || centres.text.contains("Центр A<b> & \"c\""),
        "{}",
        centres.text
    );
    assert!(seen >= 6, "hostile text reached {seen} places");
}
