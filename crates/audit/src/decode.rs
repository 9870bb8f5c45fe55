//! Bytes of a foreign page to text: the charset from the HTTP header, a BOM, or the page's
//! own `<meta charset>` / `http-equiv` (Windows-1251 and KOI8-R sites are common), UTF-8
//! otherwise; and a guard against binary files served as HTML.

use encoding_rs::Encoding;

/// The charset named in a `Content-Type` value (`text/html; charset=windows-1251`).
pub fn charset_of_content_type(value: &str) -> Option<&str> {
    value.split(';').skip(1).find_map(|part| {
        let (k, v) = part.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a page declares in its first 4 KB: `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
pub fn charset_of_meta(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(j) = tag.find("charset=") {
            let value: String = tag[j + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

/// Whether the bytes look like a binary file rather than text (a NUL in the first 1 KB, or
/// a well-known image or archive signature).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    const SIGNATURES: [&[u8]; 6] = [
        b"\x89PNG",
        b"GIF8",
        b"\xFF\xD8\xFF",
        b"PK\x03\x04",
        b"%PDF",
        b"Rar!",
    ];
    head.contains(&0) || SIGNATURES.iter().any(|s| head.starts_with(s))
}

/// Decodes a page: header charset first, then a BOM, then `<meta>`, then UTF-8. Servers
/// mislabel pages, so the label is checked against the bytes: a page labelled with a
/// Cyrillic code page that is valid UTF-8 with non-ASCII text is read as UTF-8, and a page
/// labelled (or taken for) UTF-8 that is not valid UTF-8 is read in the Cyrillic code page its
/// letters fit (Windows-1251 or KOI8-R). Returns the text and the encoding's name.
pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> (String, &'static str) {
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.as_bytes()))
        .or_else(|| Encoding::for_bom(bytes).map(|(e, _)| e))
        .or_else(|| charset_of_meta(bytes).and_then(|c| Encoding::for_label(c.as_bytes())));
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        Some(e) if e != encoding_rs::UTF_8 && utf8 && !bytes.is_ascii() && e.is_single_byte() => {
            encoding_rs::UTF_8
        }
        Some(e) if e == encoding_rs::UTF_8 && !utf8 => cyrillic_code_page(bytes),
        None if !utf8 => cyrillic_code_page(bytes),
        Some(e) => e,
        None => encoding_rs::UTF_8,
    };
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used.name())
}

/// Windows-1251 or KOI8-R, whichever the bytes' letters fit: Russian text is mostly lower
/// case, which is 0xE0–0xFF in Windows-1251 and 0xC0–0xDF in KOI8-R.
fn cyrillic_code_page(bytes: &[u8]) -> &'static Encoding {
    let upper_half = bytes.iter().filter(|b| **b >= 0xE0).count();
    let lower_half = bytes.iter().filter(|b| (0xC0..0xE0).contains(*b)).count();
    if lower_half > upper_half {
        encoding_rs::KOI8_R
    } else {
        encoding_rs::WINDOWS_1251
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn finds_charsets() {
        assert_eq!(
            charset_of_content_type("text/html; charset=windows-1251"),
            Some("windows-1251")
        );
        assert_eq!(charset_of_content_type("text/html"), None);
        assert_eq!(
            charset_of_meta(b"<html><head><META charset=\"KOI8-R\">").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(
            charset_of_meta(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            )
            .as_deref(),
            Some("windows-1251")
        );
    }

    #[test]
    fn decodes_cyrillic_code_pages() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body>Электронные услуги</body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        let (text, name) = decode_html(&bytes, None);
        assert!(text.contains("Электронные услуги"));
        assert_eq!(name, "windows-1251");
        let (bytes, _, _) = encoding_rs::KOI8_R.encode("<p>Часто задаваемые вопросы</p>");
        let (text, _) = decode_html(&bytes, Some("koi8-r"));
        assert!(text.contains("Часто задаваемые вопросы"));
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0"));
        // Mislabelled both ways.
        let utf8 = "<p>Электронные услуги и портал госуслуг</p>";
        let (text, name) = decode_html(utf8.as_bytes(), Some("windows-1251"));
        assert_eq!((text.as_str(), name), (utf8, "UTF-8"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(utf8);
        let (text, name) = decode_html(&bytes, Some("utf-8"));
        assert_eq!((text.as_str(), name), (utf8, "windows-1251"));
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(utf8);
        let (text, name) = decode_html(&bytes, None);
        assert_eq!((text.as_str(), name), (utf8, "KOI8-R"));
        assert!(!looks_binary(page.as_bytes()));
    }
}
