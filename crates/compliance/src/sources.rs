//! The documents the rules rest on, cited the way a person can look them up: issuer, kind of
//! act, date and number, title — and the legal force of each, so that a report never
//! presents a recommendation as a duty.
//!
//! Every website item in the regional documents is worded as a recommendation
//! («рекомендуется», «целесообразно»). How much a material matters in a report
//! ([`super::rules::Severity`]) is the product's own judgement, shown beside the source's force.

use serde::Serialize;

/// The legal force of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// Methodical recommendations: advice, not an obligation.
    MethodicalRecommendations,
    /// A national standard (ГОСТ Р).
    NationalStandard,
    /// A decree of the Government of the Russian Federation.
    GovernmentDecree,
}

impl Force {
    /// In Russian, for reports.
    pub fn ru(self) -> &'static str {
        match self {
            Force::MethodicalRecommendations => "методические рекомендации, не обязательны",
            Force::NationalStandard => "национальный стандарт",
            Force::GovernmentDecree => "постановление Правительства РФ",
        }
    }
}

/// A source document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// A stable id for machine-readable reports.
    pub id: &'static str,
    /// The full citation: issuer, kind of act, date and number, title.
    pub citation: &'static str,
    /// A short form for tables and one-line reports.
    pub short: &'static str,
    /// Its legal force.
    pub force: Force,
    /// The date it bears (ISO 8601; the year alone where the act gives no day). Not in the
    /// reports: their schema is published; `--version` names the newest.
    #[serde(skip)]
    pub date: &'static str,
}

/// The Tomsk education department's letter with methodical recommendations (2014): the main
/// checklist for the section.
pub static TOMSK: Document = Document {
    id: "tomsk-2014",
    citation: "Письмо Департамента общего образования Томской области от 05.12.2014 № 4449/01-08, приложение «Методические рекомендации по информированию граждан о преимуществах получения государственных и муниципальных услуг в электронной форме»",
    short: "Методические рекомендации (письмо Департамента общего образования Томской области от 05.12.2014 № 4449/01-08)",
    force: Force::MethodicalRecommendations,
    date: "2014-12-05",
};

/// The Volgograd region's methodical recommendations for municipalities (2016).
pub static VOLGOGRAD: Document = Document {
    id: "volgograd-2016",
    citation: "Методические рекомендации по достижению органами местного самоуправления муниципальных образований Волгоградской области и подведомственными им учреждениями плановых значений показателя «Доля граждан, зарегистрированных в ЕСИА» (Волгоградская область, 2016)",
    short: "Методические рекомендации Волгоградской области по регистрации граждан в ЕСИА (2016)",
    force: Force::MethodicalRecommendations,
    date: "2016",
};

/// The national standard on web accessibility.
pub static GOST: Document = Document {
    id: "gost-r-52872-2019",
    citation: "ГОСТ Р 52872-2019 «Интернет-ресурсы и другая информация, представленная в электронно-цифровой форме. Приложения для стационарных и мобильных устройств, иные пользовательские интерфейсы. Требования доступности для людей с инвалидностью и других лиц с ограничениями жизнедеятельности» (основан на WCAG 2.1)",
    short: "ГОСТ Р 52872-2019 (WCAG 2.1)",
    force: Force::NationalStandard,
    date: "2019",
};

/// Every document, for the catalog and its tests.
pub static DOCUMENTS: [&Document; 3] = [&TOMSK, &VOLGOGRAD, &GOST];

/// The date of the newest source: a report made by these rules reflects the documents as
/// of then.
pub fn sources_date() -> &'static str {
    DOCUMENTS.iter().map(|d| d.date).max().unwrap_or("")
}

/// Where a rule comes from: a document and the part of it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    /// The document.
    pub document: &'static Document,
    /// The part of it — section, paragraph, item, annex — and what it says, in our words.
    pub part: &'static str,
    /// Lines of our plain-text copy of the document, for whoever maintains the rules. Not a
    /// citation: nobody outside this project has that copy.
    pub lines: (u32, u32),
}

impl Source {
    /// The citation in one line: the document's short form and the part.
    pub fn cite(&self) -> String {
        format!("{}: {}", self.document.short, self.part)
    }

    /// The citation with the document's force: `… (методические рекомендации, не обязательны)`.
    pub fn cite_with_force(&self) -> String {
        format!("{} ({})", self.cite(), self.document.force.ru())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn citations_name_issuer_date_and_number_never_a_file() {
        for d in DOCUMENTS {
            assert!(
                !d.citation.contains(".txt") && !d.short.contains(".txt"),
                "{}",
                d.id
            );
            assert!(
                d.citation.chars().any(|c| c.is_ascii_digit()),
                "{}: no date or number",
                d.id
            );
        }
        let s = Source {
            document: &TOMSK,
            part: "абзац 9",
            lines: (1, 2),
        };
        assert!(
            s.cite_with_force()
                .contains("№ 4449/01-08): абзац 9 (методические рекомендации, не обязательны)")
        );
    }
}
