//! Pages that stand in front of a site instead of being it: an anti-bot check, a cookie wall,
//! «сайт на реконструкции», a parked domain, a login form. A crawler without scripts gets
//! such a page where a person's browser would pass through; judged as the home page, it would
//! make a site look as if it had nothing. It is recognised and the site reported as not read.
//!
//! A page is taken for one only when it says so and has little else: the words of a check or
//! a notice, and no more than a few hundred characters of its own text and a handful of links
//! into the site. A real home page that mentions cookies or a login form is never one.

use std::fmt;

use uslugi_compliance::snapshot::{SnapPage, Target};

/// What stands in front of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interstitial {
    /// A bot check of an anti-DDoS service, named when the page names it.
    AntiBot(Option<&'static str>),
    /// A notice about cookies with nothing behind it.
    CookieWall,
    /// «Сайт на реконструкции», technical works, «в разработке».
    UnderConstruction,
    /// A parked domain or one for sale.
    Parked,
    /// A login form with nothing else.
    LoginWall,
}

impl fmt::Display for Interstitial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Interstitial::AntiBot(Some(service)) => write!(
                f,
                "вместо сайта — проверка браузера службы защиты ({service}), которую без JavaScript не пройти"
            ),
            Interstitial::AntiBot(None) => f.write_str(
                "вместо сайта — проверка браузера (защита от ботов), которую без JavaScript не пройти",
            ),
            Interstitial::CookieWall => {
                f.write_str("вместо сайта — только окно согласия на файлы cookie")
            }
            Interstitial::UnderConstruction => {
                f.write_str("сайт закрыт: на нём идут технические работы или реконструкция")
            }
            Interstitial::Parked => f.write_str("домен не занят сайтом: он припаркован или продаётся"),
            Interstitial::LoginWall => f.write_str("вместо сайта — форма входа"),
        }
    }
}

/// Anti-bot services, as their pages and scripts name them.
const SERVICES: &[(&str, &str)] = &[
    ("ddos-guard", "DDoS-Guard"),
    ("ddos guard", "DDoS-Guard"),
    ("qrator", "Qrator"),
    ("servicepipe", "ServicePipe"),
    ("variti", "Variti"),
    ("cloudflare", "Cloudflare"),
    ("stormwall", "StormWall"),
];

/// What anti-bot pages say.
const CHECKS: &[&str] = &[
    "проверка браузера",
    "проверяем ваш браузер",
    "проверка вашего браузера",
    "проверяем, что вы не робот",
    "подтвердите, что вы не робот",
    "вы не робот",
    "checking your browser",
    "check your browser",
    "just a moment",
    "verifying you are human",
    "please enable javascript and cookies",
    "включите javascript",
    "необходимо включить javascript",
    "для продолжения включите",
];

const CONSTRUCTION: &[&str] = &[
    "сайт на реконструкции",
    "сайт находится на реконструкции",
    "сайт находится в разработке",
    "сайт в разработке",
    "технические работы",
    "технических работ",
    "сайт временно недоступен",
    "сайт временно закрыт",
    "site under construction",
    "under maintenance",
];

/// What parking pages say, next to the word «домен» (or «domain»).
const PARKED: &[&str] = &["прода", "припаркован", "for sale", "parked", "купить"];

/// Whether the page is one of those, from its HTML and what was read of it.
pub fn recognise(html: &str, page: &SnapPage) -> Option<Interstitial> {
    let text = &page.text;
    let own = page.main_text.chars().count();
    let inner_links = page
        .links
        .iter()
        .filter(|l| matches!(l.target, Target::Internal { .. }))
        .count();
    let sparse = own < 700 && inner_links < 8;
    if !sparse {
        return None;
    }
    let lower = html.to_lowercase();
    let said = |words: &[&str]| {
        words
            .iter()
            .any(|w| text.contains(w) || page.names().contains(w))
    };
    let service = SERVICES
        .iter()
        .find(|(mark, _)| lower.contains(mark))
        .map(|(_, name)| *name);
    if said(CHECKS) || (service.is_some() && own < 300) {
        return Some(Interstitial::AntiBot(service));
    }
    if said(CONSTRUCTION) {
        return Some(Interstitial::UnderConstruction);
    }
    if (text.contains("домен") || text.contains("domain")) && said(PARKED) {
        return Some(Interstitial::Parked);
    }
    if text.contains("cookie") && (text.contains("принять") || text.contains("accept")) && own < 400
    {
        return Some(Interstitial::CookieWall);
    }
    let password = lower.contains("type=\"password\"")
        || lower.contains("type='password'")
        || lower.contains("type=password");
    if password && own < 400 {
        return Some(Interstitial::LoginWall);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use uslugi_compliance::snapshot::parse_page;

    fn judge(html: &str) -> Option<Interstitial> {
        let base = "https://school.example/".parse().unwrap();
        recognise(html, &parse_page(html, "", &base))
    }

    #[test]
    fn checks_and_notices_stand_in_front_of_sites() {
        let ddos = "<html><head><title>DDoS-Guard</title><script src=\"/.well-known/ddos-guard/check?context=free_splash\"></script></head><body><h1>Проверка браузера перед переходом на сайт school.example</h1><p>Пожалуйста, подождите…</p></body></html>";
        assert_eq!(judge(ddos), Some(Interstitial::AntiBot(Some("DDoS-Guard"))));
        let qrator = "<html><body><script src=\"/__qrator/qauth.js\"></script><noscript>Включите JavaScript</noscript></body></html>";
        assert_eq!(judge(qrator), Some(Interstitial::AntiBot(Some("Qrator"))));
        let works = "<html><body><h1>Уважаемые посетители!</h1><p>На сайте проводятся технические работы. Приносим извинения.</p></body></html>";
        assert_eq!(judge(works), Some(Interstitial::UnderConstruction));
        let parked = "<html><body><h1>Домен school.example продается</h1><a href=\"https://reg.example/\">Купить</a></body></html>";
        assert_eq!(judge(parked), Some(Interstitial::Parked));
        let login = "<html><body><form><input name=login><input type=password name=p><button>Войти</button></form></body></html>";
        assert_eq!(judge(login), Some(Interstitial::LoginWall));
    }

    #[test]
    fn a_real_home_page_is_never_one() {
        let mut body = String::from(
            "<html><body><h1>МБОУ СОШ № 1</h1><p>Мы используем файлы cookie. <button>Принять</button></p><nav>",
        );
        for i in 0..20 {
            body.push_str(&format!("<a href=\"/r{i}/\">Раздел {i}</a>"));
        }
        body.push_str("</nav><main><p>Новости школы и объявления для родителей. Сайт на реконструкции раздела «Документы» не мешает чтению остальных разделов.</p></main></body></html>");
        assert_eq!(judge(&body), None);
    }
}
