//! The rule catalog: every material the source documents ask the section to carry.
//!
//! A rule has a stable id, a Russian and an English title, a severity per profile, the
//! source it comes from (a document a person can look up, and the part of it), a Russian hint, and a detector over the
//! [`Snapshot`]. Detectors look at what a visitor would see — page names, headings, text,
//! links — and take a declared kind as evidence, never as proof: a registration page that
//! never names the account levels is only partial. Nothing here knows about one site.

use serde::Serialize;

use super::a11y::*;
use super::materials::*;
use super::snapshot::{Snapshot, Target};
use crate::config::Profile;
use crate::date::Date;

/// How much a material matters for a profile — the product's judgement, not the source's
/// legal force (every website item in the regional documents is a recommendation; see
/// [`Source`] and [`super::sources::Force`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A key material: the section is not complete without it, and `check` fails when it
    /// is missing or partial.
    Key,
    /// Recommended: counts with `--strict`.
    Recommended,
    /// Does not apply.
    NotApplicable,
}

impl Severity {
    /// Russian words for reports.
    pub fn ru(self) -> &'static str {
        match self {
            Severity::Key => "ключевой материал",
            Severity::Recommended => "рекомендуется",
            Severity::NotApplicable => "не применяется",
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Key => "key",
            Severity::Recommended => "recommended",
            Severity::NotApplicable => "not_applicable",
        }
    }
}

pub use super::sources::Source;
use super::sources::{GOST, TOMSK, VOLGOGRAD};

/// What a detector found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The material is there.
    Pass,
    /// Something is there but it lacks what the material needs.
    Partial,
    /// Nothing found.
    Missing,
}

/// A detector's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Pass, partial or missing.
    pub status: Status,
    /// URLs of the pages that prove (or partly prove) the material.
    pub evidence: Vec<String>,
    /// What is lacking, in Russian, for a partial finding.
    pub lacking: Vec<String>,
}

impl Finding {
    pub(super) fn pass(evidence: Vec<String>) -> Finding {
        Finding {
            status: Status::Pass,
            evidence,
            lacking: Vec::new(),
        }
    }
    pub(super) fn missing() -> Finding {
        Finding {
            status: Status::Missing,
            evidence: Vec::new(),
            lacking: Vec::new(),
        }
    }
    pub(super) fn partial(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
        Finding {
            status: Status::Partial,
            evidence,
            lacking,
        }
    }
    /// Pass when nothing is lacking, partial otherwise.
    pub(super) fn judged(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
        if lacking.is_empty() {
            Finding::pass(evidence)
        } else {
            Finding::partial(evidence, lacking)
        }
    }
}

/// What detectors may need beyond the snapshot.
#[derive(Debug, Clone)]
pub struct RuleContext {
    /// The date to judge freshness against.
    pub today: Date,
    /// News must be newer than this.
    pub news_max_age_days: u32,
    /// Hosts that count as the portal: `gosuslugi.ru` and the regional portal's.
    pub portal_domains: Vec<String>,
}

impl RuleContext {
    /// Context for a site with an optional regional portal URL.
    pub fn new(today: Date, news_max_age_days: u32, region_portal: Option<&str>) -> RuleContext {
        let mut portal_domains = vec!["gosuslugi.ru".to_string()];
        if let Some(host) = region_portal.and_then(crate::util::url::host_of)
            && !host.ends_with("gosuslugi.ru")
        {
            portal_domains.push(host);
        }
        RuleContext {
            today,
            news_max_age_days,
            portal_domains,
        }
    }

    pub(super) fn is_portal(&self, t: &Target) -> bool {
        self.portal_domains.iter().any(|d| t.is_on(d))
    }
}

/// One rule of the catalog.
pub struct Rule {
    /// Stable id, e.g. `banner-home`.
    pub id: &'static str,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// A short Russian name, for table columns (the ranking).
    pub short_ru: &'static str,
    /// Severity for education, municipal, agency and mfc, in that order.
    pub severity: [Severity; 4],
    /// Whether the rule is about services the organization provides itself (then it does
    /// not apply when `provides_services = false`).
    pub about_own_services: bool,
    /// Where it comes from.
    pub source: Source,
    /// What to add, in Russian.
    pub hint: &'static str,
    /// The detector.
    pub detect: fn(&Snapshot, &RuleContext) -> Finding,
}

impl Rule {
    /// The rule's severity for a profile and organization.
    pub fn severity_for(&self, profile: Profile, provides_services: bool) -> Severity {
        if self.about_own_services && !provides_services {
            return Severity::NotApplicable;
        }
        let i = Profile::ALL.iter().position(|p| *p == profile).unwrap_or(0);
        self.severity[i]
    }
}

use Severity::{Key as Req, Recommended as Rec};

/// The catalog, in report order.
pub static RULES: &[Rule] = &[
    Rule {
        id: "section",
        title_ru: "Раздел «Электронные услуги» доступен с главной страницы",
        title_en: "The e-services section exists and is linked from the home page",
        short_ru: "Раздел",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзацы 1–2: создать на сайте тематический раздел и посвятить один из подразделов услугам в электронной форме",
            lines: (41, 48),
        },
        hint: "Создайте раздел «Электронные услуги» и поставьте ссылку на него с главной страницы сайта.",
        detect: detect_section,
    },
    Rule {
        id: "banner-home",
        title_ru: "Баннер-ссылка на портал госуслуг на главной странице",
        title_en: "A banner-link to the Gosuslugi portal on the home page",
        short_ru: "Баннер",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзацы 4, 8 и 17: баннер-ссылка на ЕПГУ в формате из раздела 1.1 Репозитория на главной странице, в том числе у органов, не оказывающих услуг, и у подведомственных организаций",
            lines: (52, 78),
        },
        hint: "Разместите на главной странице баннер (изображение), ведущий на gosuslugi.ru или региональный портал.",
        detect: detect_banner_home,
    },
    Rule {
        id: "benefits",
        title_ru: "Преимущества электронных услуг и отличия от традиционного способа",
        title_en: "Benefits of e-services and how they differ from the traditional way",
        short_ru: "Преимущества",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзац 2, первый пункт перечня: о преимуществах услуг в электронной форме и отличиях от традиционного способа",
            lines: (43, 45),
        },
        hint: "Добавьте страницу о преимуществах электронных услуг (экономия времени, уведомления, исправление ошибок онлайн) и сравните электронный способ с личным обращением.",
        detect: detect_benefits,
    },
    Rule {
        id: "services-list",
        title_ru: "Перечень услуг, доступных в электронной форме, со ссылками на портал",
        title_en: "The list of services available electronically, with portal links",
        short_ru: "Перечень услуг",
        severity: [Req, Req, Rec, Req],
        about_own_services: true,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзац 2, второй пункт перечня (перечни услуг в электронной форме), и абзац 5 (ссылки на услуги на ЕПГУ)",
            lines: (46, 54),
        },
        hint: "Опубликуйте перечень услуг, которые можно получить в электронной форме, и для каждой дайте ссылку на её страницу на портале госуслуг. Порог в три ссылки — мерка uslugi: рекомендации числа не называют.",
        detect: detect_services,
    },
    Rule {
        id: "registration",
        title_ru: "Схема регистрации и подтверждения личности на портале",
        title_en: "How to register on the portal and confirm identity",
        short_ru: "Регистрация",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзац 2, третий пункт перечня (схемы регистрации и подтверждения личности на ЕПГУ); приложение 1 «Памятка по регистрации на портале госуслуг»: уровни учётной записи, нужные документы, шаги 1–4",
            lines: (47, 250),
        },
        hint: "Опишите регистрацию: три уровня учётной записи (упрощённая, стандартная, подтверждённая) и нужные документы (паспорт, СНИЛС, телефон или электронная почта).",
        detect: detect_registration,
    },
    Rule {
        id: "identity-centres",
        title_ru: "Где подтвердить личность: центры обслуживания с адресами и часами работы",
        title_en: "Where to confirm identity: service centres with addresses and hours",
        short_ru: "Центры",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "приложение 1 «Памятка по регистрации на портале госуслуг», шаг 4 «Подтверждение личности» и «Центры обслуживания пользователей»: где подтвердить личность, зарегистрироваться и восстановить доступ",
            lines: (250, 263),
        },
        hint: "Перечислите центры обслуживания, где подтверждают личность: хотя бы один с адресом и часами работы, — или дайте ссылку на карту центров на портале госуслуг (map.gosuslugi.ru).",
        detect: detect_centres,
    },
    Rule {
        id: "faq",
        title_ru: "Часто задаваемые вопросы",
        title_en: "Frequently asked questions",
        short_ru: "Вопросы",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзац 9: вопросам об услугах в электронной форме посвятить страницу вроде «Часто задаваемые вопросы»",
            lines: (62, 62),
        },
        hint: "Добавьте страницу «Часто задаваемые вопросы» об электронных услугах: не меньше трёх вопросов с ответами (заголовками, раскрывающимися блоками или выделенными абзацами). Порог в три вопроса — мерка uslugi.",
        detect: detect_faq,
    },
    Rule {
        id: "news",
        title_ru: "Свежие новости с меткой «электронные госуслуги»",
        title_en: "Recent news tagged «электронные госуслуги»",
        short_ru: "Новости",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзацы 10–11: регулярно публиковать новости из раздела 3.1 Репозитория с логотипом электронных госуслуг (раздел 1.4) и (или) меткой «электронные госуслуги»",
            lines: (64, 66),
        },
        hint: "Публикуйте новости об электронных услугах с датой публикации и меткой «электронные госуслуги» (или логотипом электронных госуслуг) в самой новости. Рекомендации просят публиковать их регулярно; срок «не старше 180 дней» — мерка uslugi, его задаёт [check] news_max_age_days.",
        detect: detect_news,
    },
    Rule {
        id: "appeal",
        title_ru: "Порядок досудебного обжалования",
        title_en: "The pre-trial appeal procedure",
        short_ru: "Обжалование",
        severity: [Rec, Req, Req, Req],
        about_own_services: true,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан в помещениях …», абзац 1: информировать о порядке обжалования, в том числе на официальных сайтах",
            lines: (82, 82),
        },
        hint: "Опишите, как обжаловать решение или действие при оказании услуги: кому и как подать жалобу, что в ней указать, в какой срок её рассмотрят.",
        detect: detect_appeal,
    },
    Rule {
        id: "survey",
        title_ru: "Опрос об удовлетворённости или обратная связь",
        title_en: "A satisfaction survey or a feedback channel",
        short_ru: "Опрос",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзацы 12–13: опросы пользователей об удовлетворённости услугами в электронной форме и публикация их результатов",
            lines: (68, 70),
        },
        hint: "Проведите опрос об удовлетворённости электронными услугами (или дайте ссылку на оценку услуг на портале, pos.gosuslugi.ru) и опубликуйте его результаты. Общая форма обратной связи не в счёт: опрос должен быть об электронных услугах.",
        detect: detect_survey,
    },
    Rule {
        id: "social-video",
        title_ru: "Социальные сети или видеоролики об электронных услугах",
        title_en: "Social networks or videos about e-services",
        short_ru: "Видео и соцсети",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан … на официальных сайтах в сети Интернет», абзацы 14–16: работа в социальных сетях по вопросам электронных услуг и видеоролики о них из раздела 1.5 Репозитория",
            lines: (72, 76),
        },
        hint: "Разместите видеоролики о получении услуг в электронной форме или дайте ссылки на страницы портала госуслуг в социальных сетях. Значок сообщества организации в соцсетях не в счёт: материал должен быть об электронных услугах.",
        detect: detect_social,
    },
    Rule {
        id: "mobile-app",
        title_ru: "Мобильное приложение «Госуслуги»",
        title_en: "The Gosuslugi mobile app",
        short_ru: "Приложение",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &VOLGOGRAD,
            part: "раздел II «Начальный контингент»: мобильное приложение «Госуслуги» как дополнительный способ получать услуги",
            lines: (58, 69),
        },
        hint: "Расскажите о мобильном приложении «Госуслуги» и дайте ссылку на него.",
        detect: detect_mobile_app,
    },
    Rule {
        id: "contacts",
        title_ru: "Контакты для консультаций: телефон, электронная почта или часы приёма",
        title_en: "Contacts for consultation: phone, e-mail or reception hours",
        short_ru: "Консультации",
        severity: [Req, Req, Req, Req],
        about_own_services: false,
        source: Source {
            document: &TOMSK,
            part: "раздел «Рекомендации по информированию граждан в помещениях …», абзац 1: консультирование по телефону, электронной почте и на личном приёме",
            lines: (82, 82),
        },
        hint: "Укажите в разделе, куда обращаться за консультацией по электронным услугам: телефон, адрес электронной почты или часы личного приёма, — с подписью, что это консультации по электронным услугам. Общие контакты организации в подвале сайта не в счёт.",
        detect: detect_contacts,
    },
    Rule {
        id: "a11y-img-alt",
        title_ru: "У каждого изображения есть текстовая альтернатива (alt)",
        title_en: "Every image has alt text",
        short_ru: "Доступность: alt",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерий 1.1.1 «Нетекстовый контент»: текстовая альтернатива у изображений (ГОСТ Р 52872-2012 требовал alt у каждого изображения версии для слабовидящих)",
            lines: (0, 0),
        },
        hint: "Добавьте каждому изображению атрибут alt: что на нём изображено или куда ведёт ссылка; для чисто декоративных — пустой alt=\"\".",
        detect: detect_img_alt,
    },
    Rule {
        id: "a11y-lang",
        title_ru: "Язык страницы указан",
        title_en: "The page language is set",
        short_ru: "Доступность: язык",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерий 3.1.1 «Язык страницы»",
            lines: (0, 0),
        },
        hint: "Укажите язык в корневом элементе каждой страницы: <html lang=\"ru\">.",
        detect: detect_lang,
    },
    Rule {
        id: "a11y-one-h1",
        title_ru: "На странице один заголовок первого уровня",
        title_en: "One h1 per page",
        short_ru: "Доступность: h1",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерии 1.3.1 «Информация и взаимосвязи» и 2.4.6 «Заголовки и метки»",
            lines: (0, 0),
        },
        hint: "Дайте каждой странице ровно один заголовок <h1> с её названием; остальные заголовки — второго уровня и ниже.",
        detect: detect_one_h1,
    },
    Rule {
        id: "a11y-heading-order",
        title_ru: "Уровни заголовков идут по порядку, без пропусков",
        title_en: "Heading levels do not skip",
        short_ru: "Доступность: заголовки",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерий 1.3.1 «Информация и взаимосвязи»: структура страницы передаётся разметкой",
            lines: (0, 0),
        },
        hint: "Не пропускайте уровни заголовков: после <h1> идёт <h2>, после <h2> — <h3>.",
        detect: detect_heading_order,
    },
    Rule {
        id: "a11y-link-text",
        title_ru: "Назначение ссылки понятно из её текста",
        title_en: "Link purpose is clear from the link text",
        short_ru: "Доступность: ссылки",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерий 2.4.4 «Назначение ссылки (в контексте)»; того же требует постановление Правительства РФ № 102 от 07.02.2026 (в силе с 01.03.2026)",
            lines: (0, 0),
        },
        hint: "Замените ссылки «здесь», «подробнее», «тут» и ссылки без текста на такие, из текста которых ясно, куда они ведут.",
        detect: detect_link_text,
    },
    Rule {
        id: "a11y-form-labels",
        title_ru: "У полей форм есть подписи",
        title_en: "Form fields have labels",
        short_ru: "Доступность: формы",
        severity: [Rec, Rec, Rec, Rec],
        about_own_services: false,
        source: Source {
            document: &GOST,
            part: "WCAG 2.1, критерии 1.3.1 и 3.3.2 «Метки или инструкции»; того же требует постановление Правительства РФ № 102 от 07.02.2026 (в силе с 01.03.2026)",
            lines: (0, 0),
        },
        hint: "Свяжите каждое поле формы с подписью: <label for=\"id\"> или атрибут aria-label.",
        detect: detect_form_labels,
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::vocabulary::has_word;

    #[test]
    fn words_match_at_their_start_only() {
        assert!(has_word("анкета и опрос", "опрос"));
        assert!(!has_word("часто задаваемые вопросы", "опрос"));
        assert!(has_word("опросы", "опрос"));
    }

    #[test]
    fn ids_are_unique_and_every_rule_is_sourced() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for r in RULES {
            assert!(!r.source.part.is_empty(), "{}", r.id);
            if r.id.starts_with("a11y-") {
                assert_eq!(r.source.document.id, GOST.id, "{}", r.id);
            } else {
                assert!(
                    [TOMSK.id, VOLGOGRAD.id].contains(&r.source.document.id),
                    "{}",
                    r.id
                );
            }
            // A citation, never a file name or a line of our copy.
            let cite = r.source.cite_with_force();
            assert!(
                !cite.contains(".txt") && !cite.contains("строк"),
                "{}: {cite}",
                r.id
            );
            // A recommendation is never called a duty.
            for text in [r.title_ru, r.hint, r.source.part] {
                assert!(
                    !text.to_lowercase().contains("обязательн"),
                    "{}: {text}",
                    r.id
                );
            }
            assert!(!r.hint.is_empty() && !r.title_en.is_empty() && !r.title_ru.is_empty());
        }
    }

    #[test]
    fn banner_is_required_for_every_profile_even_without_services() {
        let banner = rule("banner-home").unwrap();
        for p in Profile::ALL {
            assert_eq!(banner.severity_for(p, false), Severity::Key);
        }
        assert_eq!(
            rule("services-list")
                .unwrap()
                .severity_for(Profile::Municipal, false),
            Severity::NotApplicable
        );
    }
}
