//! The rule catalog: every material the source documents ask the section to carry.
//!
//! A rule has a stable id, a Russian and an English title, a severity per profile, the
//! source it comes from (a document a person can look up, and the part of it), a Russian hint, and a detector over the
//! [`Snapshot`]. Detectors look at what a visitor would see — page names, headings, text,
//! links — and take a declared kind as evidence, never as proof: a registration page that
//! never names the account levels is only partial. Nothing here knows about one site.

use serde::Serialize;

use super::snapshot::{SnapPage, Snapshot, Target};
use crate::config::Profile;
use crate::content::PageKind;
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
    fn pass(evidence: Vec<String>) -> Finding {
        Finding {
            status: Status::Pass,
            evidence,
            lacking: Vec::new(),
        }
    }
    fn missing() -> Finding {
        Finding {
            status: Status::Missing,
            evidence: Vec::new(),
            lacking: Vec::new(),
        }
    }
    fn partial(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
        Finding {
            status: Status::Partial,
            evidence,
            lacking,
        }
    }
    /// Pass when nothing is lacking, partial otherwise.
    fn judged(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
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
        if let Some(host) = region_portal.and_then(|u| Target::External(u.to_string()).host())
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

    fn is_portal(&self, t: &Target) -> bool {
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

/// Whether `stem` occurs in `text` at the start of a word («опрос» is not found in «вопрос»).
pub fn has_word(text: &str, stem: &str) -> bool {
    text.match_indices(stem).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// How editors name each material: word stems matched at word starts in a page's name
/// (and, by the audit's classifier, in the labels of links to it). One table for both, so
/// `check` and `audit` recognise the same pages.
const MATERIAL_NAMES: &[(PageKind, &[&str])] = &[
    (
        PageKind::Home,
        &[
            "электронные услуги",
            "электронные госуслуги",
            "госуслуги",
            "услуги в электронной",
        ],
    ),
    (
        PageKind::Faq,
        &[
            "часто задаваемые вопросы",
            "вопрос-ответ",
            "вопрос — ответ",
            "вопрос - ответ",
            "вопросы и ответы",
            "faq",
        ],
    ),
    (PageKind::Appeal, &["досудебн", "обжалован", "жалоб"]),
    (
        PageKind::Registration,
        &["регистрац", "как зарегистрироваться"],
    ),
    (
        PageKind::Centres,
        &[
            "центры обслуживания",
            "центр обслуживания",
            "подтвердить личность",
            "подтверждение личности",
            "пункты подтверждения",
        ],
    ),
    (PageKind::Benefits, &["преимуществ"]),
    (
        PageKind::Services,
        &[
            "перечень услуг",
            "каталог услуг",
            "список услуг",
            "услуги в электронной форме",
            "перечень государственных",
            "перечень муниципальных",
        ],
    ),
    (
        PageKind::Survey,
        &[
            "опрос",
            "анкет",
            "оцените",
            "удовлетворенност",
            "обратная связь",
        ],
    ),
    (
        PageKind::Media,
        &["видео", "видеоролик", "социальные сети", "мы в соцсетях"],
    ),
    (PageKind::News, &["новост", "события", "пресс-центр"]),
];

/// The name stems of a material (see [`MATERIAL_NAMES`]).
pub fn names_of(kind: PageKind) -> &'static [&'static str] {
    MATERIAL_NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, n)| n)
}

/// Pages that are the material: declared with `kind`, or named by one of its stems in
/// their title or `h1`.
fn pages_about(snap: &Snapshot, kind: PageKind) -> Vec<&SnapPage> {
    let names = names_of(kind);
    snap.pages
        .iter()
        .filter(|p| {
            p.kind == Some(kind) || {
                let n = p.names();
                names.iter().any(|stem| has_word(&n, stem))
            }
        })
        .collect()
}

fn urls(pages: &[&SnapPage]) -> Vec<String> {
    pages.iter().map(|p| p.url.clone()).collect()
}

/// Judges `pages` with `check`, which returns what a page lacks; the best page wins.
fn best_of(pages: &[&SnapPage], check: impl Fn(&SnapPage) -> Vec<String>) -> Finding {
    if pages.is_empty() {
        return Finding::missing();
    }
    let mut best: Option<(&SnapPage, Vec<String>)> = None;
    for p in pages {
        let lacking = check(p);
        if best.as_ref().is_none_or(|(_, l)| lacking.len() < l.len()) {
            best = Some((p, lacking));
        }
    }
    let (page, lacking) = best.expect("pages is not empty");
    Finding::judged(vec![page.url.clone()], lacking)
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn detect_section(snap: &Snapshot, _: &RuleContext) -> Finding {
    let section = pages_about(snap, PageKind::Home);
    if section.is_empty() {
        return Finding::missing();
    }
    let Some(home) = snap.home() else {
        return Finding::partial(
            urls(&section),
            vec!["не найдена главная страница сайта".into()],
        );
    };
    let reachable = section.iter().find(|s| {
        s.path == home.path
            || home
                .links
                .iter()
                .any(|l| matches!(&l.target, Target::Internal { path, .. } if *path == s.path))
    });
    match reachable {
        Some(s) => Finding::pass(vec![s.url.clone()]),
        None => Finding::partial(
            urls(&section),
            vec!["на главной странице нет ссылки на раздел".into()],
        ),
    }
}

fn detect_banner_home(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let Some(home) = snap.home() else {
        return Finding::missing();
    };
    let portal: Vec<_> = home
        .links
        .iter()
        .filter(|l| ctx.is_portal(&l.target))
        .collect();
    if portal.iter().any(|l| l.image) {
        Finding::pass(vec![home.url.clone()])
    } else if !portal.is_empty() {
        Finding::partial(
            vec![home.url.clone()],
            vec!["ссылка на портал есть, но это текст, а не баннер-изображение".into()],
        )
    } else {
        Finding::missing()
    }
}

fn detect_benefits(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Benefits);
    best_of(&pages, |p| {
        let mut lacking = Vec::new();
        if !has_any(
            &p.main_text,
            &[
                "времен",
                "уведомлен",
                "очеред",
                "круглосуточно",
                "не выходя из дома",
            ],
        ) {
            lacking.push(
                "не названы сами преимущества (экономия времени, уведомления, без очередей)".into(),
            );
        }
        if !has_any(
            &p.main_text,
            &["традиционн", "лично", "личном", "личного", "отлич"],
        ) {
            lacking.push("нет сравнения с традиционным (личным) обращением".into());
        }
        lacking
    })
}

fn detect_services(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Services);
    best_of(&pages, |p| {
        let n = p
            .links
            .iter()
            .filter(|l| l.in_main && ctx.is_portal(&l.target))
            .count();
        match n {
            0 => vec!["нет ссылок на услуги на портале госуслуг".into()],
            1 | 2 => vec![format!(
                "ссылок на услуги на портале всего {n}, нужно не меньше трёх"
            )],
            _ => Vec::new(),
        }
    })
}

fn detect_registration(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Registration);
    best_of(&pages, |p| {
        let t = &p.main_text;
        let mut lacking = Vec::new();
        for (stem, name) in [
            ("упрощенн", "упрощённая"),
            ("стандартн", "стандартная"),
            ("подтвержденн", "подтверждённая"),
        ] {
            if !t.contains(stem) {
                lacking.push(format!("не назван уровень учётной записи «{name}»"));
            }
        }
        for (stems, name) in [
            (&["паспорт"][..], "паспорт"),
            (&["снилс"][..], "СНИЛС"),
            (
                &["телефон", "электронн"][..],
                "мобильный телефон или электронная почта",
            ),
        ] {
            if !has_any(t, stems) {
                lacking.push(format!("не назван нужный документ: {name}"));
            }
        }
        lacking
    })
}

/// An address and opening hours somewhere in `text`.
fn address_and_hours(text: &str) -> (bool, bool) {
    let address = has_any(
        text,
        &[
            "ул.",
            "улица",
            "пр.",
            "проспект",
            "пер.",
            "переулок",
            "пл.",
            "площадь",
            "шоссе",
            "бульвар",
            "д. ",
        ],
    );
    let bytes = text.as_bytes();
    let hours = bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    (address, hours)
}

fn detect_centres(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Centres);
    let finding = best_of(&pages, |p| {
        let (address, hours) = address_and_hours(&p.main_text);
        let mut lacking = Vec::new();
        if !address {
            lacking.push("не указаны адреса центров".into());
        }
        if !hours {
            lacking.push("не указаны часы работы центров".into());
        }
        lacking
    });
    if finding.status == Status::Pass {
        return finding;
    }
    match first_page(snap, |p| links_to(p, &["map.gosuslugi.ru"])) {
        map if map.status == Status::Pass => map,
        _ => finding,
    }
}

fn detect_faq(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Faq);
    best_of(&pages, |p| {
        let answered = p
            .headings
            .iter()
            .filter(|h| h.level >= 2 && h.text.trim_end().ends_with('?') && h.body_chars >= 10)
            .count();
        match answered {
            n if n >= 3 => Vec::new(),
            0 => vec![
                "не найдено ни одного вопроса с ответом (заголовок с «?» и текст под ним)".into(),
            ],
            n => vec![format!("вопросов с ответами {n}, нужно не меньше трёх")],
        }
    })
}

const NEWS_TAG: &str = "электронные госуслуги";

fn detect_news(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let news = pages_about(snap, PageKind::News);
    if news.is_empty() {
        return Finding::missing();
    }
    let tagged: Vec<&SnapPage> = news
        .iter()
        .copied()
        .filter(|p| p.text.contains(NEWS_TAG))
        .collect();
    if tagged.is_empty() {
        return Finding::partial(
            urls(&news[..1]),
            vec![format!("ни одна новость не отмечена меткой «{NEWS_TAG}»")],
        );
    }
    let limit = ctx.today.days_since_epoch() - i64::from(ctx.news_max_age_days);
    let newest = tagged
        .iter()
        .flat_map(|p| p.dates.iter().map(move |d| (d, p)))
        .filter(|(d, _)| d.days_since_epoch() <= ctx.today.days_since_epoch())
        .max_by_key(|(d, _)| **d);
    match newest {
        Some((d, p)) if d.days_since_epoch() >= limit => Finding::pass(vec![p.url.clone()]),
        Some((d, p)) => Finding::partial(
            vec![p.url.clone()],
            vec![format!(
                "последняя новость с меткой — от {}, а нужна не старше {} дней",
                d.human_ru(),
                ctx.news_max_age_days
            )],
        ),
        None => Finding::partial(
            urls(&tagged[..1]),
            vec!["у новостей с меткой не указана дата публикации".into()],
        ),
    }
}

fn detect_appeal(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Appeal);
    best_of(&pages, |p| {
        let mut lacking = Vec::new();
        if !p.main_text.contains("жалоб") {
            lacking.push("не сказано, как подать жалобу".into());
        }
        if !has_any(&p.main_text, &["срок", "дней", "дня"]) {
            lacking.push("не указаны сроки рассмотрения жалобы".into());
        }
        lacking
    })
}

/// Pass with the first page that matches, missing when none does.
fn first_page(snap: &Snapshot, matches: impl Fn(&SnapPage) -> bool) -> Finding {
    snap.pages
        .iter()
        .find(|p| matches(p))
        .map_or_else(Finding::missing, |p| Finding::pass(vec![p.url.clone()]))
}

/// Whether a page links to one of `domains` (or their subdomains).
fn links_to(page: &SnapPage, domains: &[&str]) -> bool {
    page.links
        .iter()
        .any(|l| domains.iter().any(|d| l.target.is_on(d)))
}

fn detect_survey(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Survey);
    if !pages.is_empty() {
        return Finding::pass(urls(&pages[..1]));
    }
    first_page(snap, |p| {
        links_to(p, &["pos.gosuslugi.ru", "vashkontrol.ru"])
    })
}

const SOCIAL: &[&str] = &[
    "vk.com",
    "vk.ru",
    "ok.ru",
    "t.me",
    "rutube.ru",
    "youtube.com",
    "youtu.be",
    "dzen.ru",
    "max.ru",
];

fn detect_social(snap: &Snapshot, _: &RuleContext) -> Finding {
    first_page(snap, |p| p.videos > 0 || links_to(p, SOCIAL))
}

const APP_STORES: &[&str] = &[
    "apps.apple.com",
    "play.google.com",
    "rustore.ru",
    "appgallery.huawei.com",
];

fn detect_mobile_app(snap: &Snapshot, _: &RuleContext) -> Finding {
    first_page(snap, |p| {
        (p.text.contains("мобильн") && p.text.contains("приложени")) || links_to(p, APP_STORES)
    })
}

/// Whether `text` has `label` followed, within `window` characters, by something that
/// looks like a value: a time (`9:00`) when `hours`, otherwise a digit.
fn labelled(text: &str, label: &str, window: usize, hours: bool) -> bool {
    text.match_indices(label).any(|(i, _)| {
        let after: String = text[i + label.len()..].chars().take(window).collect();
        if hours {
            address_and_hours(&after).1
        } else {
            after.chars().any(|c| c.is_ascii_digit())
        }
    })
}

/// A word that looks like an e-mail address.
fn has_email(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.ends_with('.')
        })
    })
}

fn detect_contacts(snap: &Snapshot, _: &RuleContext) -> Finding {
    first_page(snap, |p| {
        p.links.iter().any(|l| matches!(&l.target, Target::External(u) if u.starts_with("tel:") || u.starts_with("mailto:")))
            || has_email(&p.text)
            || labelled(&p.text, "телефон", 25, false)
            || labelled(&p.text, "часы приема", 60, true)
    })
}

/// Judges every page with `problem`, which describes what is wrong with a page: pass when
/// no page has a problem, missing when every page has one, partial otherwise (naming up to
/// five pages).
fn every_page(snap: &Snapshot, problem: impl Fn(&SnapPage) -> Option<String>) -> Finding {
    let bad: Vec<(&SnapPage, String)> = snap
        .pages
        .iter()
        .filter_map(|p| problem(p).map(|w| (p, w)))
        .collect();
    if bad.is_empty() {
        return match snap.home().or(snap.pages.first()) {
            Some(p) => Finding::pass(vec![p.url.clone()]),
            None => Finding::missing(),
        };
    }
    let lacking: Vec<String> = bad
        .iter()
        .take(5)
        .map(|(p, w)| format!("{}: {w}", p.url))
        .collect();
    let evidence = bad.iter().take(5).map(|(p, _)| p.url.clone()).collect();
    if bad.len() == snap.pages.len() {
        Finding {
            status: Status::Missing,
            evidence,
            lacking,
        }
    } else {
        Finding::partial(evidence, lacking)
    }
}

fn detect_img_alt(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        let missing: Vec<&str> = p
            .images
            .iter()
            .filter(|(_, alt)| alt.is_none())
            .map(|(src, _)| src.as_str())
            .collect();
        (!missing.is_empty()).then(|| format!("без alt: {}", missing.join(", ")))
    })
}

fn detect_lang(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        p.lang
            .is_none()
            .then(|| "у <html> нет атрибута lang".to_string())
    })
}

fn detect_one_h1(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| match p.h1.len() {
        1 => None,
        0 => Some("нет заголовка <h1>".to_string()),
        n => Some(format!("заголовков <h1>: {n}")),
    })
}

fn detect_heading_order(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        p.outline
            .windows(2)
            .find(|w| w[1] > w[0] + 1)
            .map(|w| format!("после <h{}> сразу <h{}>", w[0], w[1]))
    })
}

/// Link texts that say nothing about where the link goes.
const VAGUE_LINKS: &[&str] = &[
    "здесь",
    "тут",
    "подробнее",
    "читать далее",
    "читать",
    "далее",
    "по ссылке",
    "ссылка",
    "перейти",
    "click here",
    "here",
    "more",
    "read more",
];

fn detect_link_text(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        let bad: Vec<String> = p
            .links
            .iter()
            .filter_map(|l| {
                let t: String = super::snapshot::normalize(&l.text)
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                if t.is_empty() {
                    Some("ссылка без текста".to_string())
                } else if VAGUE_LINKS.contains(&t.as_str()) {
                    Some(format!("«{t}»"))
                } else {
                    None
                }
            })
            .collect();
        (!bad.is_empty()).then(|| format!("неясные ссылки: {}", bad.join(", ")))
    })
}

fn detect_form_labels(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        (p.unlabelled_fields > 0).then(|| format!("полей без подписи: {}", p.unlabelled_fields))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_need_values_not_just_words() {
        assert!(labelled(
            "часы приема: пн–пт 9:00–18:00",
            "часы приема",
            60,
            true
        ));
        assert!(!labelled(
            "не нужно подстраиваться под часы приема.",
            "часы приема",
            60,
            true
        ));
        assert!(labelled("телефон: +7 800 000", "телефон", 25, false));
        assert!(!labelled(
            "позвоните по телефону школы",
            "телефон",
            25,
            false
        ));
        assert!(has_email("пишите на info@school.example."));
        assert!(!has_email("в @канале и на сайте"));
    }

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
