//! Tests of the material detectors and the text helpers they use.

use super::*;

#[test]
fn centres_need_an_address_with_hours_near_it() {
    assert!(centre_with_hours("мфц, ул. ленина, 5. пн–пт 9:00–18:00").2);
    assert!(centre_with_hours("почта, пр-т мира 7, режим работы 09.00 - 19.00").2);
    assert!(centre_with_hours("администрация, пл. советов, 1, прием с 9 до 17").2);
    assert!(
        !centre_with_hours(
            "добавьте сюда центры вашего района: название, адрес, телефон и часы работы"
        )
        .2
    );
    assert!(!centre_with_hours("ул. ленина, 5; новость от 02.04.2024").2);
}

#[test]
fn contacts_need_values_not_just_words() {
    assert!(labelled(
        "часы приема: пн–пт 9:00–18:00",
        "часы приема",
        60,
        true
    ));
    assert!(!labelled(
        "не нужно подстраиваться под часы приема.",
        "часы приема",
        60,
        true
    ));
    assert!(labelled("телефон: +7 800 000", "телефон", 25, false));
    assert!(!labelled(
        "позвоните по телефону школы",
        "телефон",
        25,
        false
    ));
    assert!(has_email("пишите на info@school.example."));
    assert!(!has_email("в @канале и на сайте"));
}

/// A site of pages at `(path, html)`, parsed as the audit reads them.
fn site(pages: &[(&str, &str)]) -> Snapshot {
    let base: uslugi_core::BaseUrl = "https://site.example/".parse().unwrap();
    Snapshot {
        base_url: base.to_string(),
        pages: pages
            .iter()
            .map(|(path, html)| crate::parse::parse_page(html, path, &base))
            .collect(),
    }
}

fn ctx() -> RuleContext {
    RuleContext::new("2026-11-23".parse().unwrap(), 180, None)
}

/// Where identity is confirmed: an МФЦ's own page about its offices is not that material; an
/// e-services page that sends people to the branches where accounts are confirmed is.
#[test]
fn centres_are_where_identity_is_confirmed() {
    let offices = "<h1>МФЦ сегодня</h1><p>Обслуживание ведется с понедельника по субботу с 8:00 \
                   до 20:00, г. Балашиха, ул. Советская, д. 4.</p>";
    assert_eq!(
        detect_centres(
            &site(&[("", "<a href=\"mfc\">МФЦ</a>"), ("mfc", offices)]),
            &ctx()
        )
        .status,
        Status::Missing
    );
    let services = "<h1>Электронные услуги</h1><h2>Регистрация в МФЦ</h2><p>В любом филиале МФЦ \
                    подтвердят учётную запись. <a href=\"filialy\">Адреса и режим работы</a></p>";
    let branches = "<h1>Филиалы и центры обслуживания</h1><table><tr><td>Центральный</td><td>ул. Центральная, 10</td>\
                    <td>пн–пт 8:00–20:00</td></tr></table>";
    let found = detect_centres(
        &site(&[
            ("", "<a href=\"uslugi\">Услуги</a>"),
            ("uslugi", services),
            ("filialy", branches),
        ]),
        &ctx(),
    );
    assert_eq!(found.status, Status::Pass, "{found:?}");
}

/// Benefits and registration are those of e-services and the portal, not of a college or of
/// the site's own sign-up form.
#[test]
fn benefits_and_registration_are_the_portals() {
    let college = "<h1>Абитуриенту</h1><h2>Преимущества СПО</h2><p>Быстрый путь к профессии, \
                   практика лично на предприятии, в отличие от вуза.</p>";
    assert_eq!(
        detect_benefits(&site(&[("", college)]), &ctx()).status,
        Status::Missing
    );
    let online = "<h1>Госуслуги</h1><h2>Преимущества</h2><p>Услуги в электронном виде без очереди \
                  и в любое время, в отличие от личного визита.</p>";
    assert_eq!(
        detect_benefits(&site(&[("", online)]), &ctx()).status,
        Status::Pass
    );
    let signup = "<h1>Регистрация</h1><p>Придумайте логин и пароль, укажите телефон и электронную \
                  почту.</p>";
    assert_eq!(
        detect_registration(&site(&[("", signup)]), &ctx()).status,
        Status::Missing
    );
    let portal = "<h1>Как зарегистрироваться на портале</h1><p>Упрощённая, стандартная и \
                  подтверждённая учётные записи; нужны паспорт, СНИЛС и телефон.</p>";
    assert_eq!(
        detect_registration(&site(&[("", portal)]), &ctx()).status,
        Status::Pass
    );
}

/// The portal's app is named as one phrase, not as three words anywhere on a page.
#[test]
fn the_app_is_named_not_pieced_together() {
    let scattered = "<h1>Информация</h1><p>С мобильных телефонов звоните 112.</p><p>Приложение № 2 \
                     к приказу.</p><p>Записаться можно через сайт ГосУслуги.</p>";
    assert_eq!(
        detect_mobile_app(&site(&[("", scattered)]), &ctx()).status,
        Status::Missing
    );
    let app = "<h1>Госуслуги</h1><p>Установите мобильное приложение «Госуслуги» на телефон.</p>";
    assert_eq!(
        detect_mobile_app(&site(&[("", app)]), &ctx()).status,
        Status::Pass
    );
}
