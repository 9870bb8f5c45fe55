//! The services catalog (`data/services.yaml`): the catalog page, the popular tiles on the
//! home page, the popular-services snippet, and validation errors at their line.

mod common;

use common::*;

#[test]
fn catalog_tiles_and_snippet() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let public = site.path().join("public");
    let catalog = std::fs::read_to_string(public.join("services/index.html")).unwrap();
    for category in [
        "Дошкольное образование",
        "Общее образование",
        "Дополнительное образование и отдых",
    ] {
        assert!(
            catalog.contains(&format!(">{category}</h2>")),
            "{category} missing"
        );
    }
    assert_eq!(
        catalog
            .matches("<li><a href=\"https://www.gosuslugi.ru/")
            .count(),
        6
    );
    assert!(catalog.contains("Для кого: родители будущих первоклассников"));
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let popular = home
        .split("id=\"popular-services\"")
        .nth(1)
        .expect("popular services on the home page");
    let popular = popular.split("</section>").next().unwrap();
    assert_eq!(popular.matches("class=\"card\"").count(), 3);
    assert!(
        popular.contains("href=\"services/\""),
        "a link to the full catalog"
    );
    let snippet = std::fs::read_to_string(public.join("_snippets/popular-services.html")).unwrap();
    assert!(snippet.contains("Запись ребёнка в первый класс") && !snippet.contains("<script"));
    for link in links(&snippet) {
        assert!(link.starts_with("https://"), "relative `{link}`");
    }
    assert!(snippet.contains("https://uo-priozerny.example/gosuslugi/services/"));
}

#[test]
fn a_service_off_the_portal_is_an_error_at_its_line() {
    assert_bad_input(
        |site| {
            std::fs::create_dir_all(site.join("data")).unwrap();
            std::fs::write(
                site.join("data/services.yaml"),
                "- title: Запись в сад\n  url: https://www.gosuslugi.ru/1\n  category: Сад\n- title: Справка\n  url: https://example.org/spravka\n  category: Справки\n",
            )
            .unwrap();
        },
        &[],
        &["data/services.yaml:4", "external: true"],
    );
}

#[test]
fn centres_page_groups_hours_maps_and_json_ld() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let page = std::fs::read_to_string(site.path().join("public/centres/index.html")).unwrap();
    assert!(page.contains(">Приозёрск</h2>") && page.contains(">Заречное сельское поселение</h2>"));
    assert_eq!(page.matches("<article class=\"centre\"").count(), 4);
    assert!(
        page.contains("<th scope=\"row\">Суббота</th><td>10:00–15:00</td>"),
        "MFC hours on Saturday"
    );
    assert!(page.contains("перерыв 13:00–14:00"));
    assert!(
        page.contains("https://www.openstreetmap.org/?mlat=61.0345&amp;mlon=30.1162")
            || page.contains("https://www.openstreetmap.org/?mlat=61.0345&mlon=30.1162")
    );
    assert!(
        page.contains("https://yandex.ru/maps/?text="),
        "an address search when there are no coordinates"
    );
    assert!(
        page.contains("data-weekends=\"true\" data-early=\"true\" data-late=\"true\""),
        "MFC: weekends, early, late"
    );
    assert!(
        page.contains("<form class=\"centre-filter\" data-centre-filter hidden>"),
        "the filter waits for JavaScript"
    );
    assert!(!page.contains("<iframe"), "no embedded third-party maps");
    let json = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    let offices = ld["@graph"].as_array().unwrap();
    assert_eq!(offices.len(), 4);
    assert_eq!(offices[1]["@type"], "GovernmentOffice");
    assert_eq!(
        offices[1]["openingHoursSpecification"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        offices[1]["openingHoursSpecification"][5]["dayOfWeek"],
        "https://schema.org/Saturday"
    );
    assert_eq!(offices[1]["geo"]["latitude"], 61.0345);
}

#[test]
fn a_centre_closing_before_it_opens_is_an_error_at_its_line() {
    assert_bad_input(
        |site| {
            std::fs::create_dir_all(site.join("data")).unwrap();
            std::fs::write(
                site.join("data/centres.yaml"),
                "- name: МФЦ\n  address: ул. Мира, 1\n  hours:\n    mon-fri: 09:00-18:00\n- name: Почта\n  address: ул. Садовая, 7\n  hours:\n    mon-fri: 18:00-09:00\n",
            )
            .unwrap();
        },
        &[],
        &["data/centres.yaml:5", "closes before it opens"],
    );
}

#[test]
fn registration_scheme_from_front_matter() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let page = std::fs::read_to_string(site.path().join("public/registration/index.html")).unwrap();
    let levels: Vec<&str> = page
        .split("<li class=\"scheme-step\"><h3>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert_eq!(levels, ["Упрощённая", "Стандартная", "Подтверждённая"]);
    assert!(page.contains("<li>СНИЛС — номер страхового свидетельства (11 цифр)</li>"));
    assert_eq!(page.matches("<li><strong>").count(), 4, "four steps");
    assert!(
        page.contains("href=\"../centres/\">Где подтвердить личность</a>"),
        "ends with the way to the centres page"
    );
}

#[test]
fn printable_memo_with_qr_and_staff_card() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let public = site.path().join("public");
    let registration = std::fs::read_to_string(public.join("registration/index.html")).unwrap();
    assert!(
        registration.contains("href=\"../registration/pamyatka/\""),
        "the registration page links its memo"
    );
    let memo = std::fs::read_to_string(public.join("registration/pamyatka/index.html")).unwrap();
    assert!(memo.contains("<h1>Памятка: как зарегистрироваться на Госуслугах</h1>"));
    assert!(
        memo.contains("<svg role=\"img\" aria-label=\"QR-код: https://www.gosuslugi.ru/\""),
        "an inline SVG QR code of the portal"
    );
    assert_eq!(
        memo.matches("<li><strong>").count(),
        4 + 3,
        "four steps and three levels"
    );
    assert!(
        memo.contains("https://uo-priozerny.example/gosuslugi/registration/"),
        "the printed address of the full page"
    );
    let staff = std::fs::read_to_string(public.join("staff/index.html")).unwrap();
    assert!(staff.contains("class=\"staff-card\""));
    for case in [
        "1. Учётная запись есть и подтверждена",
        "2. Учётная запись есть, но не подтверждена",
        "3. Учётной записи нет",
    ] {
        assert!(staff.contains(case), "{case}");
    }
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    assert!(
        css.contains("@page { size: A4"),
        "a print stylesheet for A4"
    );
}

#[test]
fn every_kind_renders_with_its_own_structure() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let public = site.path().join("public");
    let cases = [
        ("index.html", "home", "id=\"popular-services\""),
        (
            "benefits/index.html",
            "benefits",
            "Перейти на портал госуслуг</a>",
        ),
        (
            "services/index.html",
            "services",
            "<section class=\"service-group\"",
        ),
        (
            "registration/index.html",
            "registration",
            "<ol class=\"scheme\">",
        ),
        ("centres/index.html", "centres", "<article class=\"centre\""),
        ("faq/index.html", "faq", "<details class=\"faq-item\""),
        ("news/index.html", "news", "<article class=\"news-card\">"),
        (
            "news/zapis-v-pervyy-klass/index.html",
            "news",
            "class=\"e-services-mark\"",
        ),
        (
            "appeal/index.html",
            "appeal",
            "Когда можно подать жалобу</h2>",
        ),
        ("survey/index.html", "survey", "https://pos.gosuslugi.ru/"),
        ("media/index.html", "media", "https://rutube.ru/"),
        ("staff/index.html", "staff", "<div class=\"staff-card\">"),
    ];
    for (path, kind, marker) in cases {
        let html =
            std::fs::read_to_string(public.join(path)).unwrap_or_else(|_| panic!("{path} missing"));
        assert!(
            html.contains(&format!("<meta name=\"uslugi:kind\" content=\"{kind}\">")),
            "{path}: kind {kind}"
        );
        assert!(
            html.contains(&format!("<body class=\"kind-{kind}\">")),
            "{path}"
        );
        assert!(html.contains(marker), "{path}: no `{marker}`");
    }
    // Phone numbers as written become callable links, in the footer and on the centres.
    let centres = std::fs::read_to_string(public.join("centres/index.html")).unwrap();
    assert!(centres.contains("<a href=\"tel:+78000000000\">+7 (800) 000-00-00</a>"));
    assert!(centres.contains("<a href=\"tel:+78000000001\">+7 (800) 000-00-01</a>"));
}
