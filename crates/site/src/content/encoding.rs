//! Turning a file's bytes into text: UTF-8 with or without BOM, CRLF or LF line ends.
//!
//! Files saved by old Windows editors are often in Windows-1251 (or, more rarely,
//! KOI8-R). We do not guess silently: such a file is an error that names the encoding we
//! detected and says how to convert it, so the editor fixes the file once.

/// Why a file's bytes are not usable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// Russian text in the Windows-1251 code page.
    Windows1251,
    /// Russian text in KOI8-R.
    Koi8R,
    /// Not UTF-8, and not recognisably Russian in another code page.
    Unknown {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
}

impl Undecodable {
    /// A one-line explanation for the error message.
    pub fn describe(self) -> String {
        match self {
            Undecodable::Windows1251 => {
                "the file is not UTF-8: it looks like Windows-1251 (cp1251)".into()
            }
            Undecodable::Koi8R => "the file is not UTF-8: it looks like KOI8-R".into(),
            Undecodable::Unknown { offset } => {
                format!("the file is not UTF-8 (invalid byte at offset {offset})")
            }
        }
    }

    /// How to convert the file, naming it.
    pub fn fix(self, file: &str) -> String {
        let from = match self {
            Undecodable::Windows1251 => "WINDOWS-1251",
            Undecodable::Koi8R => "KOI8-R",
            Undecodable::Unknown { .. } => return "save the file as UTF-8 in your editor".into(),
        };
        format!(
            "convert it to UTF-8: `iconv -f {from} -t UTF-8 '{file}' -o '{file}.utf8' && mv '{file}.utf8' '{file}'`, \
             or in Notepad choose «Сохранить как» → «Кодировка: UTF-8»"
        )
    }
}

/// Decodes `bytes` as UTF-8 (a leading BOM is dropped, CRLF and CR become LF).
pub fn decode_text(bytes: &[u8]) -> Result<String, Undecodable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(e) => Err(
            detect_cyrillic_codepage(bytes).unwrap_or(Undecodable::Unknown {
                offset: e.valid_up_to(),
            }),
        ),
    }
}

/// CRLF and lone CR to LF, without copying when there is nothing to change.
pub fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// In both Windows-1251 and KOI8-R the Cyrillic letters fill 0xC0–0xFF, but the lower-case
/// half (which dominates any running text) is 0xE0–0xFF in Windows-1251 and 0xC0–0xDF in
/// KOI8-R. Most high bytes in the letter range and few elsewhere means Russian text.
pub fn detect_cyrillic_codepage(bytes: &[u8]) -> Option<Undecodable> {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    let upper_half = bytes.iter().filter(|b| (0xE0..=0xFF).contains(*b)).count();
    let lower_half = bytes.iter().filter(|b| (0xC0..=0xDF).contains(*b)).count();
    let letters = upper_half + lower_half;
    if high == 0 || letters * 10 < high * 7 {
        return None;
    }
    Some(if upper_half >= lower_half {
        Undecodable::Windows1251
    } else {
        Undecodable::Koi8R
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const RUSSIAN: &str = "Часто задаваемые вопросы о получении услуг в электронной форме";

    #[test]
    fn utf8_with_bom_and_crlf() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("a\r\nб\r\n".as_bytes());
        assert_eq!(decode_text(&bytes).unwrap(), "a\nб\n");
    }

    #[test]
    fn detects_windows_1251() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(RUSSIAN);
        assert_eq!(decode_text(&bytes), Err(Undecodable::Windows1251));
    }

    #[test]
    fn detects_koi8_r() {
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(RUSSIAN);
        assert_eq!(decode_text(&bytes), Err(Undecodable::Koi8R));
    }

    #[test]
    fn binary_is_unknown() {
        let bytes = [0x89, b'P', b'N', b'G', 0x00, 0x01, 0x02, 0x90, 0x91];
        assert!(matches!(
            decode_text(&bytes),
            Err(Undecodable::Unknown { offset: 0 })
        ));
    }
}
