//! The report formats as command-line values: names and help come from the library's
//! [`Format`] and [`CatalogFormat`], so `--help` and the library can never disagree.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use uslugi::compliance::format::Format;
use uslugi::compliance::format::catalog::CatalogFormat;

/// `--format` of `check` and `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFormat(pub Format);

const REPORT_FORMATS: [ReportFormat; 5] = {
    let all = Format::ALL;
    [
        ReportFormat(all[0]),
        ReportFormat(all[1]),
        ReportFormat(all[2]),
        ReportFormat(all[3]),
        ReportFormat(all[4]),
    ]
};

impl ValueEnum for ReportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &REPORT_FORMATS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

/// `--format` of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RulesFormat(pub CatalogFormat);

const RULES_FORMATS: [RulesFormat; 3] = {
    let all = CatalogFormat::ALL;
    [
        RulesFormat(all[0]),
        RulesFormat(all[1]),
        RulesFormat(all[2]),
    ]
};

impl ValueEnum for RulesFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &RULES_FORMATS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_offered_under_its_own_name() {
        for f in Format::ALL {
            assert_eq!(ReportFormat::from_str(f.name(), false), Ok(ReportFormat(f)));
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        for f in CatalogFormat::ALL {
            assert_eq!(RulesFormat::from_str(f.name(), false), Ok(RulesFormat(f)));
        }
        assert!(ReportFormat::from_str("pdf", false).is_err());
    }
}
