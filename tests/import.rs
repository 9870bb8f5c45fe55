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
fn an_inactive_centre_is_written_and_counted() {
    let work = tempfile::tempdir().unwrap();
    let csv = "Название;Адрес;Активен\nМФЦ;ул. Мира, 1;да\nПочта;ул. Садовая, 7;нет\n";
    let out = import(work.path(), "c.csv", csv.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Imported 2 centre(s)"),
        "{}",
        stderr(&out)
    );
    let yaml = std::fs::read_to_string(work.path().join("data/centres.yaml")).unwrap();
    assert_eq!(yaml.matches("active:").count(), 1, "{yaml}");
    assert!(yaml.contains("active: false"), "{yaml}");
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

/// A minimal XLSX workbook with one sheet of inline-string cells.
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            sheet.push_str(&format!(
                "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{cell}</t></is></c>",
                r + 1
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Центры\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_string()),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn xlsx_workbooks_import_too() {
    let work = tempfile::tempdir().unwrap();
    let book = xlsx(&[
        &["Район", "Наименование", "Адрес", "Режим работы", "Услуги"],
        &[
            "Центральный",
            "МФЦ",
            "ул. Мира, 1",
            "пн-пт 8:00-20:00",
            "регистрация, восстановление доступа",
        ],
    ]);
    let out = import(work.path(), "centres.xlsx", &book, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = std::fs::read_to_string(work.path().join("data/centres.yaml")).unwrap();
    assert!(
        yaml.contains("name: МФЦ")
            && yaml.contains("district: Центральный")
            && yaml.contains("- recovery"),
        "{yaml}"
    );
}

#[test]
fn a_site_can_keep_its_centres_as_csv() {
    let site = fixture("minimal");
    std::fs::create_dir_all(site.path().join("data")).unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1251
        .encode("Название;Адрес;Часы работы\nМФЦ;ул. Мира, 1;пн-пт 9:00-18:00\n");
    std::fs::write(site.path().join("data/centres.csv"), bytes).unwrap();
    std::fs::write(
        site.path().join("content/centres.md"),
        "---\ntitle: Центры\nkind: centres\n---\nЦентры.\n",
    )
    .unwrap();
    build_ok(site.path(), &["--no-minify"]);
    let page = std::fs::read_to_string(site.path().join("public/centres/index.html")).unwrap();
    assert!(page.contains("<h3>МФЦ</h3>") && page.contains("09:00–18:00"));
    std::fs::write(
        site.path().join("data/centres.csv"),
        "Название;Адрес;Часы работы\nМФЦ;ул. Мира, 1;круглые сутки\n",
    )
    .unwrap();
    let out = uslugi(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("data/centres.csv:2"),
        "{}",
        stderr(&out)
    );
}
