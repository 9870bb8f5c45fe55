//! `uslugi serve` end to end: a real server on a free loopback port, real edits, the reload
//! event arriving over Server-Sent Events, the error overlay, and safety of paths. Every wait
//! is bounded.

mod common;
#[path = "common/preview.rs"]
mod preview;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use preview::*;

#[test]
fn edits_reload_errors_overlay_and_fixes_clear() {
    let site = fixture("minimal");
    let root = site.path();
    let server = serve(root, &[]);
    let (status, head, body) = request(server.port, "/faq/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"));
    assert!(body.contains("Через портал.") && body.contains("/_uslugi/live.js"));
    let mut events = Events::connect(server.port);

    let faq = root.join("content/faq.md");
    let original = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(
        &faq,
        original.replace("Через портал.", "Через портал госуслуг, мгновенно."),
    )
    .unwrap();
    events.reload();
    let (_, _, body) = request(server.port, "/faq/");
    assert!(body.contains("госуслуг, мгновенно"), "new text is served");
    assert!(!body.contains("uslugi-error"));

    std::fs::write(
        &faq,
        original.replace("Через портал.", "См. [центры](@/centry.md)."),
    )
    .unwrap();
    events.reload();
    let (status, _, body) = request(server.port, "/faq/");
    assert_eq!(status, 200);
    assert!(
        body.contains("госуслуг, мгновенно"),
        "the last good page is kept"
    );
    assert!(
        body.contains("uslugi-error")
            && body.contains("@/centry.md")
            && body.contains("content/faq.md:"),
        "overlay names file and line"
    );

    std::fs::write(
        &faq,
        original.replace("title: Вопросы", "title: Вопросы и ответы"),
    )
    .unwrap();
    events.reload();
    let (_, _, body) = request(server.port, "/");
    assert!(
        body.contains("Вопросы и\u{a0}ответы"),
        "a title change reaches the navigation of other pages, set as the text is"
    );
    assert!(
        !body.contains("uslugi-error"),
        "fixing the file clears the overlay"
    );
    assert!(
        !root.join("public").exists(),
        "serve never writes the output directory"
    );
}

#[test]
fn paths_types_and_pages() {
    let site = fixture("minimal");
    let server = serve(site.path(), &[]);
    for bad in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/news/%2e%2e/%2e%2e/site.toml",
        "/a%2fb",
        "/..%5csite.toml",
        "/./faq/",
    ] {
        let (status, _, _) = request(server.port, bad);
        assert_eq!(status, 400, "{bad}");
    }
    let (status, _, body) = request(server.port, "/content/faq.md");
    assert_eq!(status, 404, "sources are never served");
    assert!(body.contains("Страница не найдена"), "the theme's 404 page");
    let (status, _, _) = request(server.port, "/news/");
    assert_eq!(status, 200);
    let (status, head, _) = request(server.port, "/faq");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /faq/"));
    for (path, ct) in [
        ("/style.css", "text/css"),
        ("/a11y.js", "text/javascript"),
        ("/favicon.svg", "image/svg+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/_uslugi/live.js", "text/javascript"),
    ] {
        let (status, head, _) = request(server.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("Content-Type: {ct}")),
            "{path}: {head}"
        );
    }
    let (status, _, body) = request(server.port, "/_uslugi/check");
    assert_eq!(status, 200);
    assert!(body.contains("Проверка раздела «Электронные услуги»"));
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let site = fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = serve(site.path(), &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(server.port > port && server.port <= port + 20);
    let (status, _, _) = request(server.port, "/");
    assert_eq!(status, 200);
}

#[test]
fn build_output_has_no_reload_script() {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    for (path, bytes) in snapshot(&site.path().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("_uslugi"),
            "{path} carries serve-only code"
        );
    }
}

#[test]
fn a_save_through_a_temporary_file_reloads_once() {
    let site = fixture("minimal");
    let root = site.path();
    let server = serve(root, &[]);
    let mut events = Events::connect(server.port);
    let faq = root.join("content/faq.md");
    let text = std::fs::read_to_string(&faq)
        .unwrap()
        .replace("Бесплатно.", "Совершенно бесплатно.");
    // How many editors save: a backup, a temporary file, then a rename over the original.
    std::fs::copy(&faq, root.join("content/faq.md~")).unwrap();
    let tmp = root.join("content/.faq.md.swp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &faq).unwrap();
    events.reload();
    assert!(
        !events.wait_for("event: reload", Duration::from_millis(600)),
        "one save, one reload: {:?}",
        events.seen
    );
    let (_, _, body) = request(server.port, "/faq/");
    assert!(body.contains("Совершенно бесплатно."));
}

fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, shade, 255])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn every_kind_of_content_change_reloads_from_the_site_folder() {
    let site = fixture("minimal");
    let root = site.path();
    let server = serve(root, &[]);
    let mut events = Events::connect(server.port);
    let port = server.port;

    // A new file.
    write(
        root,
        "content/benefits.md",
        "---\ntitle: Преимущества\nkind: benefits\n---\n\nБыстро, удобно.\n\nПодробности.\n",
    );
    events.reload();
    wait_for_body(port, "/benefits/", "Быстро, удобно.");
    let line = server.line_with(&["content/benefits.md changed:", "ms"]);
    assert!(line.contains("rebuilt") && line.contains("pages"), "{line}");

    // An edit of a body past its summary: only that page is rendered again.
    server.clear();
    write(
        root,
        "content/benefits.md",
        "---\ntitle: Преимущества\nkind: benefits\n---\n\nБыстро, удобно.\n\nБыстро, удобно, дома.\n",
    );
    events.reload();
    wait_for_body(port, "/benefits/", "Быстро, удобно, дома.");
    server.line_with(&[
        "content/benefits.md changed: re-rendered 1 page(s) in",
        "ms",
    ]);

    // A rename.
    std::fs::rename(
        root.join("content/benefits.md"),
        root.join("content/plusy.md"),
    )
    .unwrap();
    events.reload();
    wait_for_body(port, "/plusy/", "Быстро, удобно, дома.");
    let (status, _, _) = request(port, "/benefits/");
    assert_eq!(status, 404, "the old address is gone");

    // A deletion.
    std::fs::remove_file(root.join("content/plusy.md")).unwrap();
    events.reload();
    let started = Instant::now();
    while request(port, "/plusy/").0 != 404 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the deleted page is still served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A new folder with a page in it.
    write(
        root,
        "content/docs/_index.md",
        "---\ntitle: Документы\n---\n\nСписок документов.\n",
    );
    write(
        root,
        "content/docs/order.md",
        "---\ntitle: Приказ\n---\n\nТекст приказа.\n",
    );
    events.reload();
    wait_for_body(port, "/docs/order/", "Текст приказа.");
    wait_for_body(port, "/docs/", "Список документов.");
}

#[test]
fn data_banners_templates_theme_and_config_changes_reload() {
    let site = example_site();
    let root = site.path();
    let server = serve(root, &[]);
    let mut events = Events::connect(server.port);
    let port = server.port;

    data_files_reload(&server, &mut events, root, port);
    banners_reload(&server, &mut events, root, port);
    templates_and_theme_reload(&mut events, root, port);
    config_reload(&server, &mut events, root, port);
}

/// Services and centres, the centres also from a spreadsheet in place of the YAML.
fn data_files_reload(server: &Serve, events: &mut Events, root: &Path, port: u16) {
    // data/services.yaml
    let services = std::fs::read_to_string(root.join("data/services.yaml")).unwrap();
    write(
        root,
        "data/services.yaml",
        services.replacen(
            "Проверка места в очереди в детский сад",
            "Услуга-проверка обновления",
            1,
        ),
    );
    events.reload();
    wait_for_body(port, "/services/", "Услуга-проверка обновления");
    server.line_with(&["data/services.yaml changed:", "ms"]);

    // data/centres.csv in place of centres.yaml
    std::fs::remove_file(root.join("data/centres.yaml")).unwrap();
    write(
        root,
        "data/centres.csv",
        "Название;Адрес;Район;Услуги;Часы работы\nЦентр из таблицы;ул. Новая, 5;Приозёрск;регистрация, подтверждение;пн-пт 09:00-18:00\n",
    );
    events.reload();
    wait_for_body(port, "/centres/", "Центр из таблицы");
    write(
        root,
        "data/centres.csv",
        "Название;Адрес;Район;Услуги;Часы работы\nЦентр после правки;ул. Новая, 5;Приозёрск;регистрация, подтверждение;пн-пт 09:00-18:00\n",
    );
    events.reload();
    wait_for_body(port, "/centres/", "Центр после правки");
}

/// A replaced banner image is processed again alone; a manifest edit shows at once.
fn banners_reload(server: &Serve, events: &mut Events, root: &Path, port: u16) {
    // A banner image replaced: that one is processed again, the others come from the cache.
    server.clear();
    write(root, "banners/gosuslugi-468x60.png", png(936, 120, 7));
    events.reload();
    let line = server.line_with(&["banners/gosuslugi-468x60.png changed:", "ms"]);
    assert!(
        line.contains("1 banner image(s) processed"),
        "only the replaced banner is processed again: {line}"
    );

    // banners.yaml
    let manifest = std::fs::read_to_string(root.join("banners/banners.yaml")).unwrap();
    write(
        root,
        "banners/banners.yaml",
        manifest.replace(
            "Госуслуги: услуги в электронной форме без очередей — перейти на портал",
            "Новая подпись баннера",
        ),
    );
    events.reload();
    wait_for_body(port, "/", "Новая подпись баннера");
}

/// A site template and the theme's static files.
fn templates_and_theme_reload(events: &mut Events, root: &Path, port: u16) {
    // A site template.
    write(
        root,
        "templates/404.html",
        "<!DOCTYPE html><html lang=\"ru\"><title>Нет</title><p>Своя страница 404</p></html>",
    );
    events.reload();
    wait_for_body(port, "/no-such-page/", "Своя страница 404");

    // The theme's static files.
    let css = std::fs::read_to_string(root.join("themes/default/static/style.css")).unwrap();
    write(
        root,
        "themes/default/static/style.css",
        format!("{css}\n/* правка темы */\n"),
    );
    events.reload();
    wait_for_body(port, "/style.css", "/* правка темы */");
}

/// A broken `site.toml` shows the overlay with file and line; fixing it recovers.
fn config_reload(server: &Serve, events: &mut Events, root: &Path, port: u16) {
    // site.toml: a broken key shows the overlay with file and line; fixing it recovers.
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    write(
        root,
        "site.toml",
        toml.replace("description =", "descripton ="),
    );
    events.reload();
    let body = wait_for_body(port, "/faq/", "uslugi-error");
    assert!(
        body.contains("site.toml:") && body.contains("descripton"),
        "overlay names file, line and key"
    );
    server.line_with(&["site.toml changed: the build failed"]);
    write(
        root,
        "site.toml",
        toml.replace(
            "title = \"Электронные услуги\"",
            "title = \"Электронные услуги района\"",
        ),
    );
    events.reload();
    let body = wait_for_body(port, "/faq/", "Электронные услуги района");
    assert!(
        !body.contains("uslugi-error"),
        "fixing site.toml clears the overlay"
    );
    let (_, _, check) = request(port, "/_uslugi/check");
    assert!(
        check.contains("Электронные услуги района"),
        "the check page follows the rebuild"
    );
}

#[test]
fn request_heads_are_bounded_and_silent_clients_dropped() {
    let site = fixture("minimal");
    let server = serve(site.path(), &[]);
    // A request line longer than any real one.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(40_000));
    let _ = s.write_all(long.as_bytes());
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 431"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    // Endless headers.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(b"GET / HTTP/1.1\r\n");
    for _ in 0..2_000 {
        if s.write_all(b"X-Filler: 0123456789\r\n").is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let read = s.read_to_end(&mut answer);
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 431"),
        "{read:?}: {:?}",
        String::from_utf8_lossy(&answer)
    );
    // A client that connects and says nothing is let go.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 16];
    let n = s.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // And the server still answers.
    assert_eq!(request(server.port, "/faq/").0, 200);
}

#[test]
fn a_stalled_client_never_delays_a_rebuild() {
    let site = fixture("minimal");
    let root = site.path();
    // A page far larger than the socket buffers, so a client that does not read stalls
    // the server's write.
    let big = "Длинный абзац текста для проверки. ".repeat(400_000);
    write(
        root,
        "content/big.md",
        format!("---\ntitle: Большая\n---\n\n{big}\n"),
    );
    let server = serve(root, &[]);
    let mut events = Events::connect(server.port);
    let mut stalled = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(s, "GET /big/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        stalled.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let faq = root.join("content/faq.md");
    let text = std::fs::read_to_string(&faq)
        .unwrap()
        .replace("Бесплатно.", "Всё ещё бесплатно.");
    let started = Instant::now();
    std::fs::write(&faq, text).unwrap();
    events.reload();
    wait_for_body(server.port, "/faq/", "Всё ещё бесплатно.");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the rebuild waited for the stalled clients: {:?}",
        started.elapsed()
    );
    drop(stalled);
}

#[test]
fn fifty_clients_are_served_while_the_site_rebuilds() {
    let site = fixture("minimal");
    let root = site.path().to_path_buf();
    let server = serve(&root, &[]);
    let port = server.port;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let faq = root.join("content/faq.md");
            let original = std::fs::read_to_string(&faq).unwrap();
            let mut k = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && k < 200 {
                std::fs::write(&faq, format!("{original}\nПравка {k}.\n")).unwrap();
                write(
                    &root,
                    "content/extra.md",
                    format!("---\ntitle: Доп {k}\n---\n\nТекст.\n"),
                );
                k += 1;
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    let clients: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let path = ["/", "/faq/", "/news/", "/style.css", "/sitemap.xml"][i % 5];
                (0..5).map(|_| request(port, path).0).collect::<Vec<_>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    editor.join().unwrap();
    assert_eq!(statuses.len(), 250);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

#[test]
fn listening_beyond_loopback_warns() {
    let site = fixture("minimal");
    let server = serve(site.path(), &["--bind", "0.0.0.0"]);
    server.line_with(&["warning:", "open to the network"]);
    let quiet = serve(site.path(), &[]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !quiet.stderr.lock().unwrap().contains("open to the network"),
        "no warning on loopback"
    );
}

#[test]
fn serve_works_from_the_folder_with_a_relative_and_with_an_absolute_root() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("mysite");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    let absolute = root.to_str().unwrap().to_string();
    for (cwd, args) in [
        (root.clone(), vec![]),
        (work.path().to_path_buf(), vec!["--root", "mysite"]),
        (std::env::temp_dir(), vec!["--root", absolute.as_str()]),
    ] {
        let server = serve_in(&cwd, &args);
        let mut events = Events::connect(server.port);
        let faq = root.join("content/faq.md");
        let text = std::fs::read_to_string(&faq).unwrap();
        let marker = format!("Правка номер {}.", args.len());
        std::fs::write(&faq, format!("{text}\n{marker}\n")).unwrap();
        events.reload();
        wait_for_body(server.port, "/faq/", &marker);
        server.line_with(&["content/faq.md changed:"]);
    }
}
