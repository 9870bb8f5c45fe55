//! The words the rules look for: how editors name each material, what marks a text as
//! being about e-services, how a question starts. One place, so that `check`, `audit` and
//! the audit's classifier recognise the same things.

use super::language::Concept;
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
        // «Регистрация», «регистрации», not «регистрационный учёт» (where one lives).
        &["регистраци", "как зарегистрироваться"],
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
    // «Нужна ли …», «Возможно ли …»: a «ли» among the first words asks.
    let early_li = t.split_whitespace().take(4).any(|w| w == "ли");
    t.trim_end().ends_with('?') || early_li || QUESTION_WORDS.iter().any(|w| t.starts_with(w))
}

/// The tag the recommendations ask news about e-services to carry.
pub const NEWS_TAG: &str = "электронные госуслуги";

/// What the detectors look for, as [`Concept`]s read by stem: built once per report.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// A text about e-services or the portal.
    pub e_services: Concept,
    /// A title that names the benefits of e-services.
    pub benefits_title: Concept,
    /// The benefits themselves.
    pub benefits: Concept,
    /// The traditional, in-person way the electronic one is compared with.
    pub in_person: Concept,
    /// A title or page name about registering on the portal.
    pub registration: Concept,
    /// A title of a part about where to confirm identity.
    pub centres: Concept,
    /// Offices that serve people in general (МФЦ): centres for this material only where the
    /// text speaks of confirming identity or the account.
    pub offices: Concept,
    /// Confirming identity or the portal account.
    pub identity: Concept,
    /// Words of a consultation or help offered to people.
    pub consultation: Concept,
    /// A survey or a questionnaire about satisfaction.
    pub survey: Concept,
    /// The portal's feedback platform («Решаем вместе»), which is not a survey.
    pub feedback_platform: Concept,
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon {
            e_services: Concept::new(E_SERVICES_PHRASES),
            benefits_title: Concept::new(BENEFITS_TITLE),
            benefits: Concept::new(BENEFITS),
            in_person: Concept::new(IN_PERSON),
            registration: Concept::new(REGISTRATION),
            centres: Concept::new(CENTRES),
            offices: Concept::new(OFFICES),
            identity: Concept::new(IDENTITY),
            consultation: Concept::new(CONSULTATION),
            survey: Concept::new(SURVEY),
            feedback_platform: Concept::new(FEEDBACK_PLATFORM),
        }
    }
}

/// Phrases that say a text is about e-services (read by stem).
const E_SERVICES_PHRASES: &[&str] = &[
    "госуслуги",
    "портал госуслуг",
    "портал государственных услуг",
    "единый портал",
    "епгу",
    "есиа",
    "gosuslugi",
    "электронные услуги",
    "электронные госуслуги",
    "услуги в электронной форме",
    "услуги в электронном виде",
    "в электронной форме",
    "в электронном виде",
    "услуги онлайн",
    "онлайн услуги",
];

/// Titles that name the benefits.
const BENEFITS_TITLE: &[&str] = &[
    "преимущества",
    "плюсы",
    "выгоды",
    "чем удобно",
    "чем удобнее",
    "почему удобно",
    "почему удобнее",
    "чем лучше",
    "почему лучше",
    "почему стоит",
    "зачем получать",
    "зачем нужны",
];

/// The benefits themselves.
const BENEFITS: &[&str] = &[
    "экономия времени",
    "экономите время",
    "сэкономить время",
    "без очереди",
    "не выходя из дома",
    "из дома",
    "в любое время",
    "круглосуточно",
    "24 часа",
    "уведомления",
    "уведомление",
    "статус заявления",
    "быстрее",
    "быстро",
    "скидка",
    "меньше документов",
    "не нужно ехать",
    "не нужно стоять",
    "из любой точки",
    "в удобное время",
    "удобнее",
];

/// The in-person way the electronic one is compared with.
const IN_PERSON: &[&str] = &[
    "лично",
    "личное обращение",
    "личный визит",
    "личном приеме",
    "традиционный",
    "традиционная форма",
    "бумажный",
    "в отличие от",
    "по сравнению",
    "очно",
    "посещение ведомства",
    "визит в ведомство",
    "приходить в ведомство",
];

/// Titles of a part about registering on the portal (not about confirming an account at a
/// centre, which is the centres' material).
const REGISTRATION: &[&str] = &[
    "регистрация на портале",
    "регистрация",
    "как зарегистрироваться",
    "зарегистрироваться на портале",
    "создать учетную запись",
    "уровни учетной записи",
    "виды учетных записей",
    "типы учетных записей",
];

/// Offers of a consultation or help.
const CONSULTATION: &[&str] = &[
    "консультация",
    "консультирование",
    "консультируют",
    "проконсультируют",
    "разъяснения",
    "справки по телефону",
    "справочная служба",
    "горячая линия",
    "помощь в регистрации",
    "помогут зарегистрироваться",
    "по вопросам получения",
    "по вопросам предоставления",
    "по вопросам регистрации",
];

/// Surveys and questionnaires about satisfaction.
const SURVEY: &[&str] = &[
    "опрос",
    "анкета",
    "анкетирование",
    "оцените качество",
    "оценка качества",
    "удовлетворенность",
    "удовлетворены",
    "насколько вы довольны",
];

/// The portal's feedback platform, which is not a survey.
const FEEDBACK_PLATFORM: &[&str] = &[
    "решаем вместе",
    "платформа обратной связи",
    "платформы обратной связи",
];

/// Titles of a part about where to confirm identity.
const CENTRES: &[&str] = &[
    "где подтвердить",
    "подтвердить личность",
    "подтвердить учетную запись",
    "подтверждение личности",
    "центры обслуживания",
    "центр обслуживания",
    "пункты подтверждения",
];

/// Offices serving people in general.
const OFFICES: &[&str] = &["мфц", "многофункциональный центр", "мои документы"];

/// Confirming identity or the portal account.
const IDENTITY: &[&str] = &[
    "подтвердить личность",
    "подтверждение личности",
    "удостоверить личность",
    "учетная запись",
    "учетную запись",
    "ЕСИА",
    "подтвержденная запись",
];
