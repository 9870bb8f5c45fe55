//! `uslugi centres import`: Excel exports in the encodings and separators they come in, with
//! shuffled Russian headers, and rows that cannot be read.

mod common;

use common::*;

fn import(dir: &std::path::Path, file: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    std::fs::write(dir.join(file), bytes).unwrap();
    let mut args = vec!["centres", "import", file, "-o", "data/centres.yaml"];
    args.extend_from_slice(extra);
    uslugi(dir, &args)
}

#[test]
fn windows_1251_semicolons_and_shuffled_headers() {
    let site = fixture("minimal");
    let text = "Часы работы;Район;АДРЕС;Телефон;Название центра;Услуги;Широта;Долгота\r\n\
пн-пт 8:00-20:00, сб 10:00-15:00, перерыв 13:00-14:00;Приозёрск;пр. Мира, 15;+7 (800) 000-00-01;МФЦ «Мои документы»;регистрация, подтверждение личности, восстановление доступа;61,0345;30,1162\r\n\
Пн-Пт 9.00-19.00;Заречное;ул. Садовая, 7;;Почта № 2;подтверждение;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let out = import(site.path(), "centres.csv", &bytes, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Imported 2 centre(s)"));
    let yaml = std::fs::read_to_string(site.path().join("data/centres.yaml")).unwrap();
    assert!(
        yaml.contains("name: МФЦ «Мои документы»")
            && yaml.contains("mon-fri: 08:00-20:00")
            && yaml.contains("lat: 61.0345"),
        "{yaml}"
    );
    assert!(yaml.contains("- recovery") && yaml.contains("break: 13:00-14:00"));
    std::fs::write(
        site.path().join("content/centres.md"),
        "---\ntitle: Центры\nkind: centres\n---\nГде подтвердить личность.\n",
    )
    .unwrap();
    build_ok(site.path(), &["--no-minify"]);
    let page = std::fs::read_to_string(site.path().join("public/centres/index.html")).unwrap();
    assert!(
        page.contains("МФЦ «Мои документы»")
            && page.contains(">Заречное</h2>")
            && page.contains("09:00–19:00")
    );
}

#[test]
fn utf8_bom_commas_and_quoted_fields() {
    let work = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("Название,Адрес,Режим работы,Услуги\n\"Администрация, каб. 3\",\"с. Заречное, ул. Центральная, 3\",\"пн-пт 9:00-17:00\",регистрация\n".as_bytes());
    let out = import(work.path(), "list.csv", &bytes, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = std::fs::read_to_string(work.path().join("data/centres.yaml")).unwrap();
    assert!(
        yaml.contains("name: Администрация, каб. 3")
            && yaml.contains("address: с. Заречное, ул. Центральная, 3"),
        "{yaml}"
    );
}

#[test]
fn broken_rows_are_named_and_nothing_is_imported_unless_skipped() {
    let work = tempfile::tempdir().unwrap();
    let csv = "Название;Адрес;Часы работы;Услуги\n\
МФЦ;ул. Мира, 1;пн-пт 9:00-18:00;регистрация\n\
Почта;ул. Садовая, 7;пн-пт 18:00-9:00;подтверждение\n\
Библиотека;;пн-пт 9:00-18:00;регистрация\n\
Школа;ул. Школьная, 2;пн-пт 9:00-18:00;выдача справок\n";
    let out = import(work.path(), "bad.csv", csv.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("row 3: ") && err.contains("closes before it opens"),
        "{err}"
    );
    assert!(
        err.contains("row 4: no address")
            && err.contains("row 5: unknown service «выдача справок»"),
        "{err}"
    );
    assert!(err.contains("nothing was written") && !work.path().join("data/centres.yaml").exists());
    let out = import(work.path(), "bad.csv", csv.as_bytes(), &["--skip-bad-rows"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Skipped 3 row(s)"));
    let yaml = std::fs::read_to_string(work.path().join("data/centres.yaml")).unwrap();
    assert!(yaml.contains("name: МФЦ") && !yaml.contains("Почта"));
    let out = import(
        work.path(),
        "noheader.csv",
        "Центр;Где\nА;Б\n".as_bytes(),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no «Адрес» column"),
        "{}",
        stderr(&out)
    );
}
