//! The words the rules look for: how editors name each material, what marks a text as
//! being about e-services, how a question starts. One place, so that `check`, `audit` and
//! the audit's classifier recognise the same things.

use uslugi_core::PageKind;

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
            "электронные государственные",
            "госуслуги",
            "услуги в электронной",
            "услуги в электронном виде",
            "государственные и муниципальные услуги в электронн",
            "получение услуг в электронн",
            "получение государственных услуг в электронн",
            "портал госуслуг",
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
    (
        PageKind::Benefits,
        &[
            "преимуществ",
            "чем удобн",
            "почему удобн",
            "зачем получать услуги",
            "плюсы электронн",
        ],
    ),
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

/// The name stems of a material (see `MATERIAL_NAMES`).
pub fn names_of(kind: PageKind) -> &'static [&'static str] {
    MATERIAL_NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, n)| n)
}

/// Stems that say a text is about e-services or the portal.
pub const E_SERVICES: &[&str] = &[
    "госуслуг",
    "портал",
    "gosuslugi",
    "портал государственных",
    "единый портал",
    "епгу",
    "есиа",
    "электронн услуг",
    "услуг в электронн",
    "услуги в электронн",
    "электронные услуги",
    "электронных услуг",
    "электронной форме",
    "электронном виде",
];

/// Whether a normalized text is about e-services or the portal.
pub fn about_e_services(text: &str) -> bool {
    E_SERVICES.iter().any(|w| text.contains(w))
}

/// How questions start when they do not end with «?» (FAQ headings often don't).
pub const QUESTION_WORDS: &[&str] = &[
    "как ",
    "где ",
    "что ",
    "чем ",
    "зачем ",
    "почему ",
    "когда ",
    "куда ",
    "кто ",
    "сколько ",
    "какие ",
    "какой ",
    "какая ",
    "какое ",
    "каким ",
    "можно ли",
    "нужно ли",
    "надо ли",
    "могу ли",
    "есть ли",
    "обязательно ли",
    "что делать",
    "в каких ",
    "в какой ",
    "на какой ",
    "для чего",
    "с какого",
    "до какого",
];

/// Whether a heading's text is a question: it ends with «?» or starts like one.
pub fn is_question(text: &str) -> bool {
    let t = crate::snapshot::normalize(text);
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    t.trim_end().ends_with('?') || QUESTION_WORDS.iter().any(|w| t.starts_with(w))
}

/// The tag the recommendations ask news about e-services to carry.
pub const NEWS_TAG: &str = "электронные госуслуги";
