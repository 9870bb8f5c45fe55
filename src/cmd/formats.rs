//! The report formats as command-line values: names and help come from the library's
//! [`Format`] and [`CatalogFormat`], so `--help` and the library can never disagree.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use uslugi_compliance::format::Format;
use uslugi_compliance::format::catalog::CatalogFormat;

/// A clap value wrapping one of the library's format enums, which list themselves in `ALL`
/// and give each value a `name` and an `about`.
macro_rules! format_value {
    ($(#[$doc:meta])* $wrapper:ident($format:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $wrapper(pub $format);

        impl ValueEnum for $wrapper {
            fn value_variants<'a>() -> &'a [Self] {
                const ALL: [$wrapper; <$format>::ALL.len()] = {
                    let mut all = [$wrapper(<$format>::ALL[0]); <$format>::ALL.len()];
                    let mut i = 1;
                    while i < all.len() {
                        all[i] = $wrapper(<$format>::ALL[i]);
                        i += 1;
                    }
                    all
                };
                &ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.0.name()).help(self.0.about()))
            }
        }
    };
}

format_value!(
    /// `--format` of `check` and `audit`.
    ReportFormat(Format)
);

format_value!(
    /// `--format` of `rules`.
    RulesFormat(CatalogFormat)
);

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
        assert_eq!(ReportFormat::value_variants().len(), Format::ALL.len());
        assert_eq!(
            RulesFormat::value_variants().len(),
            CatalogFormat::ALL.len()
        );
        assert!(ReportFormat::from_str("pdf", false).is_err());
    }
}
