//! Tests of [`super::parse_page`] and the helpers it uses.

use super::*;
use crate::links::Target;

fn base() -> BaseUrl {
    "https://school.example/gosuslugi/".parse().unwrap()
}

#[test]
fn parses_structure() {
    let html = r#"<html><head><title>Вопросы — Сайт</title></head><body>
        <header><a href="https://www.gosuslugi.ru/"><img src="b.png" alt="Госуслуги"></a></header>
        <main><h1>Часто задаваемые вопросы</h1>
        <h2>Как войти?</h2><p>Через портал, с паролем.</p>
        <details><summary>Сколько стоит?</summary><p>Бесплатно.</p></details>
        <time datetime="2026-10-01">1 октября</time><video src="v.mp4"></video></main>
        <footer><a href="tel:+78000000000">Телефон</a> Часы приёма: 9:00–18:00</footer></body></html>"#;
    let p = parse_page(html, "faq/", &base());
    assert_eq!(p.title, "Вопросы — Сайт");
    assert_eq!(p.h1, ["Часто задаваемые вопросы"]);
    let qs: Vec<_> = p
        .headings
        .iter()
        .filter(|h| h.text.ends_with('?'))
        .collect();
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[0].body_chars, "Через портал, с паролем.".chars().count());
    assert!(p.links[0].image && p.links[0].target.is_on("gosuslugi.ru") && !p.links[0].in_main);
    assert!(p.text.contains("часы приема"));
    assert!(!p.main_text.contains("часы приема"));
    assert_eq!(p.dates.len(), 1);
    assert_eq!(p.videos, 1);
    assert_eq!(p.lang, None);
    assert_eq!(p.outline, [1, 2]);
}

#[test]
fn chrome_is_not_content_on_sites_without_main() {
    let html = r#"<html><body>
        <div class="top-menu"><a href="/tags/eg/">электронные госуслуги</a></div>
        <div id="content"><h1>Запись в первый класс</h1>
        <span class="news-date-time">14.03.2024</span><p>Текст новости о записи через портал.</p></div>
        <div class="footer">Телефон: 8 800 000-00-00</div></body></html>"#;
    let p = parse_page(html, "news/1/", &base());
    assert!(
        !p.main_text.contains("электронные госуслуги"),
        "{}",
        p.main_text
    );
    assert!(!p.main_text.contains("8 800"));
    assert!(p.text.contains("электронные госуслуги"));
    assert_eq!(
        p.dates.iter().map(Date::iso_date).collect::<Vec<_>>(),
        ["2024-03-14"]
    );
    assert!(!p.links[0].in_main);
}

#[test]
fn dates_where_cmss_put_them() {
    let cases = [
        r#"<h1>Новость</h1><p>02.04.2024</p><p>Текст.</p>"#,
        r#"<h1>Новость</h1><p class="meta">Опубликовано 2 апреля 2024 г.</p>"#,
        r#"<meta property="article:published_time" content="2024-04-02T10:00:00+03:00"><h1>Новость</h1>"#,
        r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-04-02"}</script><h1>Новость</h1>"#,
        r#"<h1>Новость</h1><time>2 апреля 2024</time>"#,
    ];
    for html in cases {
        let p = parse_page(&format!("<html><body>{html}</body></html>"), "n/", &base());
        assert_eq!(
            p.dates.iter().map(Date::iso_date).collect::<Vec<_>>(),
            ["2024-04-02"],
            "{html}"
        );
    }
}

#[test]
fn accordions_and_pixels_and_refresh() {
    let html = r#"<html><head><meta http-equiv="Refresh" content="0; URL=ru/"></head><body><main>
        <div class="accordion"><div class="accordion__item"><button class="accordion__title" aria-expanded="false">Как зарегистрироваться</button>
        <div class="accordion__body">На портале госуслуг, за пять минут.</div></div></div>
        <a href="https://www.gosuslugi.ru/"><img src="p.gif" width="1" height="1" alt=""></a>
        <a href="/index.php?option=com_banners&amp;task=click&amp;id=3"><img src="/images/banners/gosuslugi-240.png" alt="Портал"></a>
        </main></body></html>"#;
    let p = parse_page(html, "", &base());
    assert_eq!(p.headings.len(), 1, "{:?}", p.headings);
    assert_eq!(p.headings[0].text, "Как зарегистрироваться");
    assert!(p.headings[0].body_chars > 20);
    assert_eq!(
        p.links.len(),
        1,
        "a link with only a 1×1 pixel is no link: {:?}",
        p.links
    );
    assert!(p.links[0].image && p.links[0].target.is_on("gosuslugi.ru"));
    assert_eq!(
        p.refresh,
        Some(Target::Internal {
            path: "ru/".into(),
            fragment: None
        })
    );
}

#[test]
fn finds_unlabelled_fields_and_lang() {
    let html = r#"<html lang="ru"><body><form>
        <label for="q">Поиск</label><input id="q">
        <label>Имя <input name="n"></label>
        <input aria-label="Телефон"><input type="hidden" name="t"><input type="submit">
        <input name="bad"><textarea></textarea></form></body></html>"#;
    let p = parse_page(html, "", &base());
    assert_eq!(p.unlabelled_fields, 2);
    assert_eq!(p.lang.as_deref(), Some("ru"));
}

#[test]
fn starter_text_is_marked() {
    let p = parse_page(
        "<html><body><main><p>[Заполните: добавьте центры.]</p></main></body></html>",
        "",
        &base(),
    );
    assert!(p.starter);
}

#[test]
fn read_as_a_visitor_without_scripts_sees_it() {
    // `<base href>` moves where relative links lead.
    let html = r#"<html><head><base href="https://school.example/gosuslugi/razdel/"></head>
        <body><a href="faq.html">Вопросы</a><a href="/gosuslugi/news/">Новости</a></body></html>"#;
    let p = parse_page(html, "", &base());
    let paths: Vec<_> = p
        .links
        .iter()
        .map(|l| match &l.target {
            Target::Internal { path, .. } => path.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(paths, ["razdel/faq.html", "news/"]);
    // What `<noscript>` holds is read, links included.
    let html = r#"<html><body><script>document.write('меню')</script>
        <noscript><p>Электронные услуги</p><a href="uslugi.html">Раздел</a></noscript></body></html>"#;
    let p = parse_page(html, "", &base());
    assert!(
        p.main_text.contains("электронные услуги"),
        "{}",
        p.main_text
    );
    assert_eq!(p.links.len(), 1);
    // The site's own frames are noted; another site's player is not.
    let html = r#"<html><frameset cols="20%,80%"><frame src="menu.html"><frame src="main.html">
        <noframes>Ваш браузер не показывает фреймы</noframes></frameset>
        <iframe src="https://www.youtube.com/embed/x"></iframe></html>"#;
    assert_eq!(
        parse_page(html, "", &base()).frames,
        ["menu.html", "main.html"]
    );
}

#[test]
fn old_markup_headings_are_headings() {
    let html = r#"<html><body><table><tr><td><font size="4"><b>Вопросы и ответы</b></font></td></tr>
        <tr><td><B>Как зарегистрироваться?</B></td></tr><tr><td>Через портал госуслуг.</td></tr>
        <tr><td><p><b>Это очень длинное объявление жирным шрифтом, которое не является заголовком, потому что это целый абзац текста о работе учреждения в праздничные дни, о графике приёма граждан и о многом другом, что пишут на старых сайтах.</b></p></td></tr>
        </table></body></html>"#;
    let p = parse_page(html, "", &base());
    let heads: Vec<&str> = p.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(heads, ["Вопросы и ответы", "Как зарегистрироваться?"]);
    assert!(p.headings[1].body_chars > 10);
}

/// A tile that opens an address from its `onclick` is a link a visitor follows; a tile that
/// wraps a real link is that link, and a script that computes the address is no link.
#[test]
fn tiles_that_open_an_address_are_links() {
    let html = r#"<html><body><main>
        <div class="nation__item" onclick="window.open('https://www.gosuslugi.ru','new_window');">
          <img src="logo.png" alt=""><a class="nation__text">Портал госуслуг</a></div>
        <li onclick="location.href = 'uslugi/'">Услуги</li>
        <div onclick="go('x')"><a href="https://edu.ru/">Образование</a></div>
        <span onclick="window.open(base + '/x')">Куда-то</span>
        <a href="/kontakty/"><svg aria-label="Телефон" role="img"></svg></a>
        </main></body></html>"#;
    let p = parse_page(html, "", &base());
    let portal = p
        .links
        .iter()
        .find(|l| l.target.is_on("gosuslugi.ru"))
        .unwrap();
    assert!(portal.image && portal.text.contains("Портал госуслуг"));
    assert!(
        p.links
            .iter()
            .any(|l| matches!(&l.target, Target::Internal { path, .. } if path == "uslugi/"))
    );
    assert_eq!(
        p.links.iter().filter(|l| l.target.is_on("edu.ru")).count(),
        1
    );
    assert_eq!(p.links.len(), 4, "{:?}", p.links);
    let contacts = p.links.iter().find(|l| l.text.contains("Телефон"));
    assert!(contacts.is_some(), "an icon's label names its link");
}

/// A date written near the headline is the page's own unless a document number follows it.
#[test]
fn an_act_cited_under_the_headline_does_not_date_the_page() {
    let cited = parse_page(
        "<h1>Документы</h1><p>Распоряжение от 05 ноября 2015 года № 644-р</p>",
        "docs/",
        &base(),
    );
    assert!(cited.dates.is_empty() && !cited.published);
    let news = parse_page(
        "<h1>Приём в первый класс</h1><p>14 марта 2026</p>",
        "news/1/",
        &base(),
    );
    assert_eq!(news.dates.len(), 1);
    assert!(!news.published, "a date in the text is not the markup's");
    let marked = parse_page(
        "<h1>Приём</h1><time datetime=\"2026-03-14\">14 марта</time>",
        "news/1/",
        &base(),
    );
    assert!(marked.published);
}
